// `spillway replay capture`: make a queue's expired and rejected messages dead-letter into Spillway's archive
// queue by MERGING with its effective policy: a higher-priority policy matching exactly that queue whose
// definition is the current policy's definition plus dead-letter-exchange/-routing-key. RabbitMQ applies
// only one (user) policy per queue, so copying keeps the TTL, max-length... Removing Spillway's policy
// makes the previous one apply again unchanged.
import { z } from 'zod';
import type { RabbitmqClusterConfig } from '../../../config';
import { ReplayError } from '../errors';
import {
  ARCHIVE_PREFIX,
  archiveQueueOf,
  CAPTURE_EXCHANGE,
  CAPTURE_POLICY_PREFIX,
  capturePolicyOf,
  Rabbit,
} from './mgmt';

const definition = z.record(z.string(), z.unknown());
const queueInfo = z.looseObject({
  name: z.string(),
  vhost: z.string(),
  arguments: z.record(z.string(), z.unknown()).optional().default({}),
  policy: z.string().nullish(),
  operator_policy: z.string().nullish(),
  effective_policy_definition: z.union([definition, z.array(z.unknown())]).nullish(),
});
const policyInfo = z.looseObject({
  name: z.string(),
  vhost: z.string(),
  pattern: z.string(),
  'apply-to': z.string(),
  priority: z.number(),
  definition,
});
type PolicyInfo = z.output<typeof policyInfo>;

const asDefinition = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** `^name$` with every regex metacharacter escaped. */
export function exactPattern(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}$`;
}

export interface CaptureStatus {
  cluster: string;
  vhost: string;
  queue: string;
  captured: boolean;
  policy: string | null;
  /** The user policy that applies without Spillway's (copied into Spillway's). */
  basePolicy: { name: string; priority: number; definition: Record<string, unknown> } | null;
  operatorPolicy: string | null;
  effectiveDefinition: Record<string, unknown>;
  queueArguments: Record<string, unknown>;
  archiveQueue: string;
  /** Messages waiting in the archive queue (not yet stored), null when it does not exist. */
  archiveBacklog: number | null;
  /** Differences between the base policy now and what Spillway's copy holds (someone changed it since). */
  drift: string[];
}

async function queueOf(r: Rabbit, vhost: string, queue: string) {
  const raw = await r.get(['queues', vhost, queue], true);
  if (raw === undefined)
    throw new ReplayError(`queue "${queue}" not found in vhost "${vhost}" on ${r.cluster.name}`, 'not-found');
  return queueInfo.parse(raw);
}

async function policiesOf(r: Rabbit, vhost: string): Promise<PolicyInfo[]> {
  return z.array(policyInfo).parse(await r.get(['policies', vhost]));
}

function applies(p: PolicyInfo, queue: string): boolean {
  if (!['all', 'queues', 'classic_queues', 'quorum_queues', 'streams'].includes(p['apply-to'])) return false;
  try {
    return new RegExp(p.pattern).test(queue);
  } catch {
    return false;
  }
}

/** The highest-priority user policy matching the queue, Spillway's own excluded. */
function basePolicyOf(policies: PolicyInfo[], queue: string): PolicyInfo | null {
  const own = capturePolicyOf(queue);
  const matching = policies.filter((p) => p.name !== own && applies(p, queue));
  matching.sort((a, b) => b.priority - a.priority || (a.name < b.name ? -1 : 1));
  return matching[0] ?? null;
}

export async function captureStatus(
  cluster: RabbitmqClusterConfig,
  vhost: string,
  queue: string,
): Promise<CaptureStatus> {
  const r = new Rabbit(cluster);
  const [q, policies] = await Promise.all([queueOf(r, vhost, queue), policiesOf(r, vhost)]);
  const own = policies.find((p) => p.name === capturePolicyOf(queue)) ?? null;
  const base = basePolicyOf(policies, queue);
  const archive = (await r.get(['queues', vhost, archiveQueueOf(queue)], true)) as
    | { messages?: number }
    | undefined;
  const drift: string[] = [];
  if (own) {
    const baseDef = base?.definition ?? {};
    for (const k of new Set([...Object.keys(baseDef), ...Object.keys(own.definition)])) {
      if (k === 'dead-letter-exchange' || k === 'dead-letter-routing-key') continue;
      if (JSON.stringify(baseDef[k]) !== JSON.stringify(own.definition[k])) drift.push(k);
    }
  }
  return {
    cluster: cluster.name,
    vhost,
    queue,
    captured: own !== null,
    policy: q.policy ?? null,
    basePolicy: base ? { name: base.name, priority: base.priority, definition: base.definition } : null,
    operatorPolicy: q.operator_policy ?? null,
    effectiveDefinition: asDefinition(q.effective_policy_definition),
    queueArguments: q.arguments,
    archiveQueue: archiveQueueOf(queue),
    archiveBacklog: archive === undefined ? null : (archive.messages ?? 0),
    drift,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the queue until its effective policy is `name` (policies apply asynchronously). */
async function waitForPolicy(r: Rabbit, vhost: string, queue: string, name: string | null) {
  for (let i = 0; i < 100; i++) {
    const q = await queueOf(r, vhost, queue);
    if ((q.policy ?? null) === name) return q;
    await sleep(100);
  }
  throw new ReplayError(
    `queue "${queue}": policy ${name ?? '(none)'} did not apply within 10 s`,
    'unavailable',
  );
}

/** Turns capture on. Idempotent; refuses a queue that already dead-letters somewhere else. */
export async function startCapture(
  cluster: RabbitmqClusterConfig,
  vhost: string,
  queue: string,
): Promise<CaptureStatus> {
  const r = new Rabbit(cluster);
  if (queue.startsWith(ARCHIVE_PREFIX)) throw new ReplayError(`"${queue}" is a Spillway archive queue`);
  if (Buffer.byteLength(archiveQueueOf(queue)) > 255)
    throw new ReplayError(`queue name "${queue}" is too long to archive`);
  const [q, policies] = await Promise.all([queueOf(r, vhost, queue), policiesOf(r, vhost)]);
  const argDlx = q.arguments['x-dead-letter-exchange'];
  if (argDlx !== undefined && argDlx !== CAPTURE_EXCHANGE) {
    throw new ReplayError(
      `queue "${queue}" already dead-letters to exchange "${String(argDlx)}" (queue argument x-dead-letter-exchange); capture refused, nothing changed`,
      'refused',
    );
  }
  if (q.arguments['x-dead-letter-routing-key'] !== undefined) {
    throw new ReplayError(
      `queue "${queue}" sets x-dead-letter-routing-key in its arguments, which would override Spillway's; capture refused, nothing changed`,
      'refused',
    );
  }
  const base = basePolicyOf(policies, queue);
  const baseDlx = base?.definition['dead-letter-exchange'];
  if (baseDlx !== undefined && baseDlx !== CAPTURE_EXCHANGE) {
    throw new ReplayError(
      `queue "${queue}" already dead-letters to exchange "${String(baseDlx)}" (policy "${base?.name}"); capture refused, nothing changed`,
      'refused',
    );
  }
  const archive = archiveQueueOf(queue);
  await r.request('PUT', ['exchanges', vhost, CAPTURE_EXCHANGE], {
    type: 'direct',
    durable: true,
    auto_delete: false,
    internal: false,
    arguments: {},
  });
  await r.request('PUT', ['queues', vhost, archive], { durable: true, auto_delete: false, arguments: {} });
  await r.request('POST', ['bindings', vhost, 'e', CAPTURE_EXCHANGE, 'q', archive], {
    routing_key: queue,
    arguments: {},
  });
  const name = capturePolicyOf(queue);
  await r.request('PUT', ['policies', vhost, name], {
    pattern: exactPattern(queue),
    'apply-to': 'queues',
    priority:
      Math.max(0, ...policies.filter((p) => p.name !== name && applies(p, queue)).map((p) => p.priority)) + 1,
    definition: {
      ...(base?.definition ?? {}),
      'dead-letter-exchange': CAPTURE_EXCHANGE,
      'dead-letter-routing-key': queue,
    },
  });
  await waitForPolicy(r, vhost, queue, name);
  return captureStatus(cluster, vhost, queue);
}

/** Turns capture off: deletes Spillway's policy so the previous one applies again. The archive queue stays. */
export async function stopCapture(
  cluster: RabbitmqClusterConfig,
  vhost: string,
  queue: string,
): Promise<CaptureStatus> {
  const r = new Rabbit(cluster);
  const name = capturePolicyOf(queue);
  const [, policies] = await Promise.all([queueOf(r, vhost, queue), policiesOf(r, vhost)]);
  if (!policies.some((p) => p.name === name)) {
    throw new ReplayError(`queue "${queue}" is not captured (no policy ${name})`, 'not-found');
  }
  await r.request('DELETE', ['policies', vhost, name]);
  await waitForPolicy(r, vhost, queue, basePolicyOf(policies, queue)?.name ?? null);
  return captureStatus(cluster, vhost, queue);
}

/** Every captured queue of the cluster (Spillway's policies), by vhost. */
export async function capturedQueues(
  cluster: RabbitmqClusterConfig,
): Promise<Array<{ vhost: string; queue: string }>> {
  const r = new Rabbit(cluster);
  const all = z.array(policyInfo).parse(await r.get(['policies']));
  return all
    .filter((p) => p.name.startsWith(CAPTURE_POLICY_PREFIX))
    .map((p) => ({ vhost: p.vhost, queue: p.name.slice(CAPTURE_POLICY_PREFIX.length) }));
}

export { CAPTURE_EXCHANGE };
