// The death record of a dead-lettered message: its x-death entry for the captured queue (RabbitMQ puts the
// most recent death first), and the headers a replay must not send back.
import { text, timestampMs } from './amqp-values';

export interface DeathRecord {
  queue: string;
  reason: string;
  time: number | null;
  exchange: string;
  routingKeys: string[];
  count: number;
}

/** The x-death entry for `queue` (or the most recent one), null when the message has no x-death. */
export function deathRecord(headers: Record<string, unknown> | undefined, queue: string): DeathRecord | null {
  const xDeath = headers?.['x-death'];
  if (!Array.isArray(xDeath) || xDeath.length === 0) return null;
  const entries = xDeath.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object');
  const e = entries.find((x) => text(x.queue) === queue) ?? entries[0];
  if (!e) return null;
  const keys = Array.isArray(e['routing-keys']) ? e['routing-keys'].map((k) => text(k) ?? '') : [];
  return {
    queue: text(e.queue) ?? queue,
    reason: text(e.reason) ?? 'unknown',
    time: timestampMs(e.time),
    exchange: text(e.exchange) ?? '',
    routingKeys: keys,
    count: typeof e.count === 'number' ? e.count : 1,
  };
}

/** Headers RabbitMQ writes on dead-lettering; 3.10+ reads a client-sent x-death and may drop the message as a cycle. */
export function isDeathHeader(name: string): boolean {
  return name === 'x-death' || name.startsWith('x-first-death-') || name.startsWith('x-last-death-');
}

export function stripDeathHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !isDeathHeader(k)));
}
