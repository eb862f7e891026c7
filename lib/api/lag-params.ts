// Parameters of the lag API, validated with zod: path segments and query strings.
import { z } from 'zod';
import { STATUSES, type Status } from '../lag/types';

const MINUTE = 60_000;
const DURATIONS: Record<string, number> = { s: 1000, m: MINUTE, h: 60 * MINUTE, d: 24 * 60 * MINUTE };

/** `15m`, `1h`, `7d`… as milliseconds. */
const duration = z
  .string()
  .regex(/^\d{1,6}[smhd]$/, 'expected a duration like 15m, 1h or 7d')
  .transform((s) => Number(s.slice(0, -1)) * (DURATIONS[s.slice(-1)] as number));

const bool = z.enum(['true', 'false', '1', '0']).transform((s) => s === 'true' || s === '1');

const statusList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim().toUpperCase()))
  .pipe(z.array(z.enum(STATUSES as [Status, ...Status[]])));

const epochMs = z.coerce.number().int().min(0);

export const clusterParams = z.strictObject({
  cluster: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'not a cluster name'),
});

/** Kafka limits group ids to no particular charset; Spillway accepts any non-empty id up to 1,000 chars. */
export const groupParams = clusterParams.extend({ group: z.string().min(1).max(1000) });

/** Kafka topic names: letters, digits, '.', '_' and '-', at most 249 characters. */
export const topicParams = clusterParams.extend({
  topic: z
    .string()
    .min(1)
    .max(249)
    .regex(/^[A-Za-z0-9._-]+$/, 'not a Kafka topic name'),
});

/** RabbitMQ vhost and queue names (URL-decoded: the default vhost is `/`, sent as %2F). */
export const queueParams = clusterParams.extend({
  vhost: z.string().min(1).max(255),
  queue: z.string().min(1).max(255),
});

export const listQuery = z.strictObject({
  status: statusList.optional(),
  behind: bool.optional(),
  search: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
});

export const overviewQuery = listQuery.extend({
  cluster: clusterParams.shape.cluster.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(200),
});

export const topicsQuery = z.strictObject({ internal: bool.default(false) });

/**
 * History of a group or queue: `range` back from now (default 1h), or `from`/`to` (epoch ms), with at most
 * `points` buckets (default 120) or an explicit `step`.
 */
export const historyQuery = z
  .strictObject({
    range: duration.optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
    step: duration.optional(),
    points: z.coerce.number().int().min(1).max(2000).default(120),
  })
  .refine((q) => !(q.range !== undefined && q.from !== undefined), {
    message: 'give either range or from/to, not both',
    path: ['range'],
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: 'from must be before to',
    path: ['from'],
  });

export type HistoryQuery = z.output<typeof historyQuery>;

/** The concrete window of a history query at `now`. */
export function historyWindow(q: HistoryQuery, now: number): { from: number; to: number; stepMs: number } {
  const to = q.to ?? now;
  const from = q.from ?? to - (q.range ?? 60 * MINUTE);
  const stepMs = q.step ?? Math.max(1000, Math.ceil((to - from) / q.points / 1000) * 1000);
  return { from, to, stepMs };
}
