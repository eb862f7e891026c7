// Which RabbitMQ policies would apply to the drain's temp queues, and whether that would lose backlog. Pure.
//
// RabbitMQ's rules (rabbit_policy): a policy matches a queue when its `apply-to` covers queues (`queues`,
// `all`, or the queue's type: `classic_queues`, `quorum_queues`, `streams`) and its `pattern` (a regular
// expression, unanchored) matches the queue name; among the matching user policies the highest `priority`
// wins (equal priorities: unspecified, so reported as ambiguous); operator policies are chosen the same way
// and cap the user policy's numeric limits (the smaller value wins). Patterns are PCRE; JavaScript's RegExp
// reads nearly all of them, and one it cannot read is reported, never guessed — the effective policy of
// every temp queue is checked after declaring anyway.

/** A policy as lib/sources reports it (RabbitmqPolicyInfo), narrowed to what matching needs. */
export interface PolicyLike {
  name: string;
  pattern: string;
  applyTo: string;
  priority: number;
  definition: Record<string, unknown>;
  operator: boolean;
}

/**
 * Keys that lose backlog held in a queue nobody consumes for a while: a length limit (overflow drops the
 * head, or rejects publishes and stalls the drain), a message TTL, a queue expiry (the queue is deleted
 * when unused) and a stream max age.
 */
export const DANGEROUS_POLICY_KEYS = [
  'max-length',
  'max-length-bytes',
  'message-ttl',
  'expires',
  'max-age',
] as const;

const CAPPED_BY_OPERATOR = new Set([
  'max-length',
  'max-length-bytes',
  'message-ttl',
  'expires',
  'delivery-limit',
]);

export type QueueKind = 'classic' | 'quorum' | 'stream';

export function appliesToQueueKind(applyTo: string, kind: QueueKind): boolean {
  if (applyTo === 'queues' || applyTo === 'all') return true;
  if (applyTo === 'classic_queues') return kind === 'classic';
  if (applyTo === 'quorum_queues') return kind === 'quorum';
  if (applyTo === 'streams') return kind === 'stream';
  return false;
}

/** Whether a policy pattern matches a name; null when the pattern is not a JavaScript regular expression. */
export function patternMatches(pattern: string, name: string): boolean | null {
  try {
    return new RegExp(pattern).test(name);
  } catch {
    return null;
  }
}

export interface PolicyPick {
  /** The user policy RabbitMQ would apply, null when none. */
  policy: PolicyLike | null;
  operatorPolicy: PolicyLike | null;
  /** The merged definition (operator caps applied). */
  definition: Record<string, unknown>;
  /** Other policies of the same top priority that match too (RabbitMQ picks one of them). */
  ambiguous: string[];
  /** Patterns JavaScript could not read (name of the policy). */
  unreadable: string[];
}

function top(
  candidates: PolicyLike[],
  name: string,
  kind: QueueKind,
): { pick: PolicyLike | null; ties: string[]; unreadable: string[] } {
  const unreadable: string[] = [];
  const matching: PolicyLike[] = [];
  for (const p of candidates) {
    if (!appliesToQueueKind(p.applyTo, kind)) continue;
    const m = patternMatches(p.pattern, name);
    if (m === null) unreadable.push(p.name);
    else if (m) matching.push(p);
  }
  matching.sort((a, b) => b.priority - a.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const pick = matching[0] ?? null;
  const ties = pick
    ? matching
        .slice(1)
        .filter((p) => p.priority === pick.priority)
        .map((p) => p.name)
    : [];
  return { pick, ties, unreadable };
}

/** Merges a user and an operator definition the way RabbitMQ does: the operator caps numeric limits. */
export function mergeDefinitions(
  user: Record<string, unknown>,
  operator: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...user };
  for (const [key, value] of Object.entries(operator)) {
    const mine = out[key];
    if (CAPPED_BY_OPERATOR.has(key) && typeof mine === 'number' && typeof value === 'number') {
      out[key] = Math.min(mine, value);
    } else if (mine === undefined) {
      out[key] = value;
    }
  }
  return out;
}

/** The policy RabbitMQ would apply to a queue named `name` of type `kind` in the vhost of `policies`. */
export function pickPolicy(policies: readonly PolicyLike[], name: string, kind: QueueKind): PolicyPick {
  const user = top(
    policies.filter((p) => !p.operator),
    name,
    kind,
  );
  const op = top(
    policies.filter((p) => p.operator),
    name,
    kind,
  );
  return {
    policy: user.pick,
    operatorPolicy: op.pick,
    definition: mergeDefinitions(user.pick?.definition ?? {}, op.pick?.definition ?? {}),
    ambiguous: [...user.ties, ...op.ties],
    unreadable: [...user.unreadable, ...op.unreadable],
  };
}

/** The dangerous keys of a definition with their values, e.g. `{ 'max-length': 1000 }`. */
export function dangerousKeys(definition: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of DANGEROUS_POLICY_KEYS) {
    if (definition[key] !== undefined) out[key] = definition[key];
  }
  return out;
}

/** One line: `max-length=1000, message-ttl=60000`. */
export function describeKeys(keys: Record<string, unknown>): string {
  return Object.entries(keys)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}
