// What a queue's declare arguments and its effective policy (user + operator) amount to, for the checks.
import type { RabbitmqQueueInfo } from '../sources/types';

export interface QueueLossSettings {
  /** Per-message TTL in ms (x-message-ttl / message-ttl); the lower wins when both are set. */
  messageTtl: number | null;
  /** Message count or byte limit (x-max-length[-bytes] / max-length[-bytes]). */
  maxLength: number | null;
  maxLengthBytes: number | null;
  /** x-overflow / overflow; RabbitMQ's default is 'drop-head' (silently drops the oldest). */
  overflow: string;
  /** Dead-letter exchange; '' is the default exchange; null when none is configured. */
  deadLetterExchange: string | null;
  /** Where the dead-letter exchange comes from. */
  deadLetterSource: 'argument' | 'policy' | null;
  /** Classic mirroring (RabbitMQ 3.x `ha-mode` policy key). */
  mirrored: boolean;
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The lower of two optional limits (RabbitMQ applies the stricter of argument and policy). */
function lower(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

export function lossSettings(q: Pick<RabbitmqQueueInfo, 'arguments' | 'effectivePolicy'>): QueueLossSettings {
  const arg = q.arguments;
  const pol = q.effectivePolicy;
  const argDlx = str(arg['x-dead-letter-exchange']);
  const polDlx = str(pol['dead-letter-exchange']);
  return {
    messageTtl: lower(num(arg['x-message-ttl']), num(pol['message-ttl'])),
    maxLength: lower(num(arg['x-max-length']), num(pol['max-length'])),
    maxLengthBytes: lower(num(arg['x-max-length-bytes']), num(pol['max-length-bytes'])),
    overflow: str(arg['x-overflow']) ?? str(pol.overflow) ?? 'drop-head',
    deadLetterExchange: argDlx ?? polDlx,
    deadLetterSource: argDlx !== null ? 'argument' : polDlx !== null ? 'policy' : null,
    mirrored: pol['ha-mode'] !== undefined,
  };
}
