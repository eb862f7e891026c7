// The RabbitMQ drain's stored plan and checkpoint (validated with zod when the runner loads them).
import { z } from 'zod';

export const DRAIN_RABBITMQ_KIND = 'drain-rabbitmq';

export const drainRabbitPlan = z.object({
  cluster: z.string(),
  vhost: z.string(),
  queue: z.string(),
  queueType: z.enum(['classic', 'quorum']),
  /** `header:<name>`, `messageId` or `routingKey`. */
  key: z.string(),
  factor: z.number().int(),
  tempQueues: z.array(z.string()).min(2),
  ready: z.number().int(),
  unacked: z.number().int(),
  consumers: z.number().int(),
  publishRate: z.number().nullable(),
  ackRate: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  etaSecondsWithFactor: z.number().nullable(),
  warnings: z.array(z.string()),
  forced: z.boolean(),
  plannedAt: z.number(),
});
export type DrainRabbitPlan = z.infer<typeof drainRabbitPlan>;

/**
 * Counts only: RabbitMQ has no offsets, the source ack after each confirm is the durability. `dispatched`
 * = copied, confirmed and acked at the source; `redelivered` = deliveries RabbitMQ flagged redelivered
 * (copied before a crash but not acked: possible duplicates); `perQueue` = copies sent to each temp queue.
 * `restoreStep` says how far a restore got; `kept` = temp queues a cancel left because they held messages.
 */
export const drainRabbitCheckpoint = z
  .object({
    dispatched: z.number().int().default(0),
    keyless: z.number().int().default(0),
    redelivered: z.number().int().default(0),
    perQueue: z.array(z.number().int()).default([]),
    restarts: z.number().int().default(0),
    restoreStep: z.enum(['wait-empty', 'deleted']).optional(),
    kept: z.array(z.string()).optional(),
  })
  .catch({ dispatched: 0, keyless: 0, redelivered: 0, perQueue: [], restarts: 0 });
export type DrainRabbitCheckpoint = z.infer<typeof drainRabbitCheckpoint>;

export const PROVENANCE_RABBITMQ = {
  queue: 'spillway-source-queue',
  job: 'spillway-drain-job',
  redelivered: 'spillway-redelivered',
} as const;

export const rabbitSourceKey = (cluster: string, vhost: string, queue: string) =>
  `rabbitmq:${cluster}/${vhost}/${queue}`;

/** What `drain start --queue` takes (CLI flags, API body). */
export const startRabbitDrainInput = z.object({
  cluster: z.string().min(1),
  vhost: z.string().min(1).default('/'),
  queue: z.string().min(1, 'the queue name is empty'),
  key: z.string().min(1, 'choose a key: --key header:<name> | messageId | routingKey'),
  factor: z.number(),
  force: z.boolean().default(false),
  rateLimit: z.number().positive().nullable().optional(),
});
export type StartRabbitDrainInput = z.input<typeof startRabbitDrainInput>;
