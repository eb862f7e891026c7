// The Kafka drain's stored plan and checkpoint (validated with zod when the runner loads them).
import { z } from 'zod';

export const DRAIN_KAFKA_KIND = 'drain-kafka';
export const FACTOR = { min: 2, max: 100 } as const;

const partitionPlan = z.object({
  partition: z.number().int(),
  /** Where dispatch starts: the group's commit (or the log start when it has none / it is older). */
  start: z.number().int(),
  end: z.number().int(),
  backlog: z.number().int(),
  committed: z.number().int().nullable(),
});
export type PartitionPlan = z.infer<typeof partitionPlan>;

export const drainKafkaPlan = z.object({
  cluster: z.string(),
  topic: z.string(),
  group: z.string(),
  factor: z.number().int(),
  sourcePartitions: z.number().int(),
  replicationFactor: z.number().int(),
  tempTopic: z.string(),
  tempPartitions: z.number().int(),
  tempGroup: z.string(),
  /** The private consumer group earlier versions dispatched through; the restore deletes what is left of it. */
  dispatchGroup: z.string(),
  partitions: z.array(partitionPlan),
  backlog: z.number().int(),
  /** The group's consume rate (msg/s) from the sampler; null = unknown. */
  consumeRate: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  etaSecondsWithFactor: z.number().nullable(),
  activeMembers: z.number().int(),
  retentionMs: z.number().nullable(),
  /** Age (ms) of the oldest record of the backlog when planned; null = unknown. */
  oldestBacklogAgeMs: z.number().nullable(),
  keylessSample: z.object({ sampled: z.number().int(), keyless: z.number().int() }).nullable(),
  warnings: z.array(z.string()),
  forced: z.boolean(),
  plannedAt: z.number(),
});
export type DrainKafkaPlan = z.infer<typeof drainKafkaPlan>;

/**
 * `next`: per source partition (as a string key), the next source offset to copy; every offset below it is
 * in the temp topic (acknowledged). `cutover` is recorded when a restore starts; `restoreStep` says how far
 * the restore got.
 */
export const drainKafkaCheckpoint = z
  .object({
    next: z.record(z.string(), z.number().int()).default({}),
    keyless: z.number().int().default(0),
    cutover: z.record(z.string(), z.number().int()).optional(),
    restoreStep: z.enum(['wait-lag', 'offsets-set', 'cleaned']).optional(),
  })
  .catch({ next: {}, keyless: 0 });
export type DrainKafkaCheckpoint = z.infer<typeof drainKafkaCheckpoint>;

export const PROVENANCE = {
  topic: 'spillway-source-topic',
  partition: 'spillway-source-partition',
  offset: 'spillway-source-offset',
  job: 'spillway-drain-job',
} as const;

export const tempTopicName = (topic: string, jobId: string) => `${topic}.drain.${jobId}`;
export const tempGroupName = (group: string, jobId: string) => `${group}.drain.${jobId}`;
export const dispatchGroupName = (jobId: string) => `spillway.dispatch.${jobId}`;
export const sourceKeyOf = (cluster: string, topic: string, group: string) =>
  `kafka:${cluster}/${topic}/${group}`;
