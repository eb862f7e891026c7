// The settings that decide whether a RabbitMQ queue loses messages or grows without bound, merged from
// its declare arguments (x-…) and its effective policy, the way RabbitMQ applies them: for TTLs and length
// limits the lower value wins; for the dead-letter target and overflow the argument wins.
import type { UiQueueLimits } from './ui-types';

type Args = Record<string, unknown>;

const NUMERIC = {
  messageTtlMs: 'message-ttl',
  maxLength: 'max-length',
  maxLengthBytes: 'max-length-bytes',
  expiresMs: 'expires',
} as const;

const TEXT = {
  deadLetterExchange: 'dead-letter-exchange',
  deadLetterRoutingKey: 'dead-letter-routing-key',
  overflow: 'overflow',
} as const;

function num(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function text(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export function queueLimits(args: Args, policy: Args): UiQueueLimits {
  const source: UiQueueLimits['source'] = {};
  const out: Omit<UiQueueLimits, 'source'> = {
    messageTtlMs: null,
    maxLength: null,
    maxLengthBytes: null,
    expiresMs: null,
    deadLetterExchange: null,
    deadLetterRoutingKey: null,
    overflow: null,
  };
  for (const [field, key] of Object.entries(NUMERIC) as [keyof typeof NUMERIC, string][]) {
    const a = num(args[`x-${key}`]);
    const p = num(policy[key]);
    if (a !== null && (p === null || a <= p)) {
      out[field] = a;
      source[field] = 'argument';
    } else if (p !== null) {
      out[field] = p;
      source[field] = 'policy';
    }
  }
  for (const [field, key] of Object.entries(TEXT) as [keyof typeof TEXT, string][]) {
    const a = text(args[`x-${key}`]);
    const p = text(policy[key]);
    if (a !== null) {
      out[field] = a;
      source[field] = 'argument';
    } else if (p !== null) {
      out[field] = p;
      source[field] = 'policy';
    }
  }
  return { ...out, source };
}

/** Argument and policy values as display strings (objects as JSON). */
export function stringifyValues(values: Args): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}
