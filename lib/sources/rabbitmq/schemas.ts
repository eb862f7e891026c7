// zod schemas for the parts of the RabbitMQ management API answers Spillway reads. Unknown keys are
// dropped; fields the broker omits (statistics not emitted yet, classic-only or quorum-only fields) are
// optional and become null in the domain types, never 0.
import { z } from 'zod';

const rate = z.object({ rate: z.number().optional() }).optional();
const record = z.record(z.string(), z.unknown());

export const overviewSchema = z.object({
  cluster_name: z.string().optional(),
  rabbitmq_version: z.string().optional(),
  management_version: z.string().optional(),
});

export const nodeSchema = z.object({
  name: z.string(),
  running: z.boolean().optional(),
  mem_alarm: z.boolean().optional(),
  disk_free_alarm: z.boolean().optional(),
  partitions: z.array(z.string()).optional(),
});

export const vhostSchema = z.object({ name: z.string() });

export const queueSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  type: z.string().optional(),
  durable: z.boolean().optional(),
  auto_delete: z.boolean().optional(),
  exclusive: z.boolean().optional(),
  arguments: record.optional(),
  policy: z.string().nullish(),
  operator_policy: z.string().nullish(),
  effective_policy_definition: z.union([record, z.array(z.unknown())]).nullish(),
  messages_ready: z.number().optional(),
  messages_unacknowledged: z.number().optional(),
  messages: z.number().optional(),
  consumers: z.number().optional(),
  consumer_utilisation: z.number().nullish(),
  consumer_capacity: z.number().nullish(),
  head_message_timestamp: z.number().nullish(),
  state: z.string().optional(),
  members: z.array(z.string()).optional(),
  online: z.array(z.string()).optional(),
  leader: z.string().optional(),
  /** Only in the single-queue answer (GET /api/queues/<vhost>/<name>). */
  consumer_details: z.array(z.object({ ack_required: z.boolean().optional() })).optional(),
  message_stats: z
    .object({
      publish_details: rate,
      deliver_get_details: rate,
      ack_details: rate,
      redeliver_details: rate,
    })
    .optional(),
});

export type RawQueue = z.output<typeof queueSchema>;

export const exchangeSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  type: z.string(),
  durable: z.boolean().optional(),
  auto_delete: z.boolean().optional(),
  internal: z.boolean().optional(),
  arguments: record.optional(),
});

export const policySchema = z.object({
  name: z.string(),
  vhost: z.string(),
  pattern: z.string(),
  'apply-to': z.string().optional(),
  priority: z.number().optional(),
  definition: record.optional(),
});

export const consumerSchema = z.object({
  ack_required: z.boolean().optional(),
  queue: z.object({ name: z.string(), vhost: z.string() }),
});

/** A paginated answer (`?page=N&page_size=S&pagination=true`). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number(),
    page_count: z.number(),
    total_count: z.number().optional(),
    filtered_count: z.number().optional(),
  });
}

/** Error bodies: `{"error":"not_authorised","reason":"Login failed"}`. */
export const errorBodySchema = z.object({ error: z.string().optional(), reason: z.string().optional() });
