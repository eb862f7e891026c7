// The timestamp of the record at a given offset, for exact time lag: one Fetch per leader broker for all
// the positions it leads (maxWaitTime 0, bounded bytes), no consumer group, nothing committed.
import { settleLimit } from '../async';
import type { Redactor } from '../errors';
import type { KafkaRecordPosition, KafkaRecordTimestamp } from '../types';
import { type ClusterClient, partitionKey, type RawFetch, type RawMetadata } from './internal';

export interface RecordTimestampLimits {
  maxPositions: number;
  maxBytesPerPartition: number;
  maxBytes: number;
}

type Result = Omit<KafkaRecordTimestamp, keyof KafkaRecordPosition>;

const unknown = (reason: string): Result => ({ timestamp: null, recordOffset: null, reason });

function leadersOf(metadata: RawMetadata): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of metadata.topicMetadata) {
    for (const p of t.partitionMetadata) out.set(partitionKey(t.topic, p.partitionId), p.leader);
  }
  return out;
}

/** The first non-control record at or after `offset` in a Fetch answer for one partition. */
function pick(response: RawFetch, position: KafkaRecordPosition): Result {
  const topic = response.responses.find((r) => r.topicName === position.topic);
  const partition = topic?.partitions.find((p) => p.partition === position.partition);
  if (!partition) return unknown('error: partition missing from the Fetch answer');
  const records = partition.messages.filter((m) => Number(m.offset) >= position.offset && !m.isControlRecord);
  const first = records[0];
  if (!first)
    return position.offset >= Number(partition.highWatermark) ? unknown('end-of-log') : unknown('too-large');
  const sample = {
    records: records.length,
    keyless: records.filter((m) => m.key === null || m.key === undefined).length,
  };
  const offset = Number(first.offset);
  const ts = Number(first.timestamp);
  if (!Number.isFinite(ts) || ts < 0)
    return { timestamp: null, recordOffset: offset, reason: 'no-timestamp', sample };
  return { timestamp: ts, recordOffset: offset, reason: null, sample };
}

function errorReason(error: unknown, redactor: Redactor): string {
  const name = error instanceof Error ? error.name : '';
  const type = (error as { type?: unknown } | null)?.type;
  if (name === 'KafkaJSOffsetOutOfRange' || type === 'OFFSET_OUT_OF_RANGE') return 'out-of-range';
  return `error: ${redactor.describe(error)}`;
}

/**
 * Timestamps of the records at `positions` (in input order). A position past the end gives `end-of-log`,
 * one before the log start `out-of-range`: pass max(committed, logStart). Positions past `maxPositions`
 * are not fetched (`over-limit`). A partition can appear several times; each occurrence costs a Fetch round.
 */
export async function readRecordTimestamps(
  client: ClusterClient,
  metadata: RawMetadata,
  positions: readonly KafkaRecordPosition[],
  limits: RecordTimestampLimits,
  redactor: Redactor,
): Promise<KafkaRecordTimestamp[]> {
  const leaders = leadersOf(metadata);
  const results: Result[] = positions.map(() => unknown('over-limit'));
  // Kafka refuses a partition twice in one Fetch: the n-th occurrence of a partition goes to round n.
  const rounds = new Map<string, { leader: number; indexes: number[] }>();
  const seen = new Map<string, number>();
  const skip = (pos: KafkaRecordPosition, leader: number | undefined): string | null => {
    if (leader === undefined) return 'unknown-partition';
    if (leader < 0) return 'offline';
    if (!Number.isSafeInteger(pos.offset) || pos.offset < 0) return 'out-of-range';
    return null;
  };
  const count = Math.min(positions.length, limits.maxPositions);
  for (let i = 0; i < count; i++) {
    const pos = positions[i] as KafkaRecordPosition;
    const key = partitionKey(pos.topic, pos.partition);
    const leader = leaders.get(key);
    const reason = skip(pos, leader);
    if (reason !== null || leader === undefined) {
      results[i] = unknown(reason ?? 'unknown-partition');
      continue;
    }
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    const groupKey = `${leader}/${round}`;
    const group = rounds.get(groupKey) ?? { leader, indexes: [] };
    group.indexes.push(i);
    rounds.set(groupKey, group);
  }

  const fetchFor = async (leader: number, indexes: readonly number[]): Promise<void> => {
    const byTopic = new Map<string, Array<{ partition: number; offset: number }>>();
    for (const i of indexes) {
      const p = positions[i] as KafkaRecordPosition;
      const list = byTopic.get(p.topic) ?? [];
      list.push({ partition: p.partition, offset: p.offset });
      byTopic.set(p.topic, list);
    }
    const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
    const response = await client.fetch(leader, topics, limits.maxBytesPerPartition, limits.maxBytes);
    for (const i of indexes) results[i] = pick(response, positions[i] as KafkaRecordPosition);
  };

  await Promise.all(
    [...rounds.values()].map(async ({ leader, indexes }) => {
      try {
        await fetchFor(leader, indexes);
      } catch {
        // kafkajs rejects the whole answer for one partition's error: ask again one position at a time.
        const settled = await settleLimit(indexes, 8, (i) => fetchFor(leader, [i]));
        settled.forEach((r, j) => {
          if (!r.ok) results[indexes[j] as number] = unknown(errorReason(r.error, redactor));
        });
      }
    }),
  );
  return positions.map((p, i) => ({
    topic: p.topic,
    partition: p.partition,
    offset: p.offset,
    ...(results[i] as Result),
  }));
}
