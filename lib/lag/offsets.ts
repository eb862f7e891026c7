// Offset lag: per partition, per topic, per group, and the partition with the most lag.
import type { PartitionOffsets } from './types';

/**
 * What to do with a partition on which the group has never committed.
 * - 'unknown' (default): lag is null and the partition is flagged `noCommit`. Nothing is invented.
 * - 'earliest': show the lag the group *would* have if it started now with auto.offset.reset=earliest
 *   (end − logStart), flagged `assumed`.
 * - 'latest': as if it started at the end (lag 0), flagged `assumed`.
 * The group's reset policy lives in the consumers' config, which Spillway cannot see; that is why the
 * default refuses to guess.
 */
export type NoCommitPolicy = 'unknown' | 'earliest' | 'latest';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Normalised: negative sentinels (Kafka's −1) become null. */
  committed: number | null;
  logStart: number;
  end: number;
  /** Messages to consume: max(0, end − max(committed, logStart)); null when there is no commit (policy 'unknown'). */
  lag: number | null;
  /** Offset consumption resumes from: max(committed, logStart); null when unknown. */
  position: number | null;
  /** The group has no commit on this partition. */
  noCommit: boolean;
  /** `lag` comes from a NoCommitPolicy, not from a commit. */
  assumed: boolean;
  /** Records retention deleted before the group consumed them (logStart − committed when positive), else 0. */
  skippedByRetention: number;
  /** The commit is past the end (stale HWM, truncated log): lag clamped to 0. */
  aheadOfEnd: boolean;
}

export interface LagTotals {
  /** Sum of known lags; null when no partition has a known lag. */
  lag: number | null;
  partitions: number;
  /** Partitions whose lag is known (committed, or assumed by policy). */
  partitionsKnown: number;
  partitionsWithoutCommit: number;
  /** Every partition has a known lag. */
  complete: boolean;
  /** The partition with the most lag (first in input order on ties); null when no lag is known. */
  maxLag: PartitionLag | null;
}

export interface TopicLag extends LagTotals {
  topic: string;
}

export interface GroupLag extends LagTotals {
  /** Per topic, in order of first appearance. */
  topics: TopicLag[];
}

function normaliseCommitted(committed: number | null): number | null {
  if (committed === null || !Number.isFinite(committed) || committed < 0) return null;
  return committed;
}

/** Lag of one partition: max(0, end − max(committed, logStart)). */
export function partitionLag(offsets: PartitionOffsets, policy: NoCommitPolicy = 'unknown'): PartitionLag {
  const { topic, partition, logStart, end } = offsets;
  const committed = normaliseCommitted(offsets.committed);
  const base = { topic, partition, committed, logStart, end };
  if (committed === null) {
    if (policy === 'unknown') {
      return {
        ...base,
        lag: null,
        position: null,
        noCommit: true,
        assumed: false,
        skippedByRetention: 0,
        aheadOfEnd: false,
      };
    }
    const position = policy === 'earliest' ? logStart : end;
    return {
      ...base,
      lag: Math.max(0, end - position),
      position,
      noCommit: true,
      assumed: true,
      skippedByRetention: 0,
      aheadOfEnd: false,
    };
  }
  const position = Math.max(committed, logStart);
  return {
    ...base,
    lag: Math.max(0, end - position),
    position,
    noCommit: false,
    assumed: false,
    skippedByRetention: Math.max(0, logStart - committed),
    aheadOfEnd: committed > end,
  };
}

/** The partition with the most known lag; the first one in input order on ties; null when none is known. */
export function maxLagPartition(partitions: readonly PartitionLag[]): PartitionLag | null {
  let max: PartitionLag | null = null;
  for (const p of partitions) {
    if (p.lag === null) continue;
    if (max === null || max.lag === null || p.lag > max.lag) max = p;
  }
  return max;
}

/** Totals over any set of partitions. */
export function lagTotals(partitions: readonly PartitionLag[]): LagTotals {
  let sum = 0;
  let known = 0;
  let withoutCommit = 0;
  for (const p of partitions) {
    if (p.noCommit) withoutCommit++;
    if (p.lag !== null) {
      sum += p.lag;
      known++;
    }
  }
  return {
    lag: known === 0 ? null : sum,
    partitions: partitions.length,
    partitionsKnown: known,
    partitionsWithoutCommit: withoutCommit,
    complete: known === partitions.length,
    maxLag: maxLagPartition(partitions),
  };
}

/** Totals per topic, in order of first appearance. */
export function topicLags(partitions: readonly PartitionLag[]): TopicLag[] {
  const byTopic = new Map<string, PartitionLag[]>();
  for (const p of partitions) {
    const list = byTopic.get(p.topic);
    if (list) list.push(p);
    else byTopic.set(p.topic, [p]);
  }
  return [...byTopic].map(([topic, list]) => ({ topic, ...lagTotals(list) }));
}

/** Group totals plus per-topic totals. */
export function groupLag(partitions: readonly PartitionLag[]): GroupLag {
  return { ...lagTotals(partitions), topics: topicLags(partitions) };
}
