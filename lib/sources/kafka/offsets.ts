// Offsets in few round trips: log-start and end of every partition with two ListOffsets per leader broker
// (all topics in one request), and each group's commits with one OffsetFetch per group, groups in parallel
// with a limit. kafkajs rejects a whole response when one partition carries an error, so a failed batch is
// retried topic by topic and only the failing topics are reported.
import { settleLimit } from '../async';
import type { Redactor } from '../errors';
import type { KafkaCommittedOffset, SourceIssue } from '../types';
import type { GroupClient } from './group-client';
import { type ClusterClient, EARLIEST, LATEST, partitionKey, type RawMetadata } from './internal';

export interface LogOffsets {
  logStart: number | null;
  end: number | null;
}

/** Partitions that have a leader, grouped by leader then topic. */
function byLeader(metadata: RawMetadata, only?: ReadonlySet<string>): Map<number, Map<string, number[]>> {
  const out = new Map<number, Map<string, number[]>>();
  for (const t of metadata.topicMetadata) {
    if (only && !only.has(t.topic)) continue;
    for (const p of t.partitionMetadata) {
      if (p.leader < 0) continue;
      const topics = out.get(p.leader) ?? new Map<string, number[]>();
      out.set(p.leader, topics);
      const partitions = topics.get(t.topic) ?? [];
      topics.set(t.topic, partitions);
      partitions.push(p.partitionId);
    }
  }
  return out;
}

type TopicBatch = Array<{ topic: string; partitions: number[] }>;

async function startAndEnd(
  client: ClusterClient,
  nodeId: number,
  batch: TopicBatch,
  into: Map<string, LogOffsets>,
): Promise<void> {
  const [starts, ends] = await Promise.all([
    client.listOffsets(nodeId, batch, EARLIEST),
    client.listOffsets(nodeId, batch, LATEST),
  ]);
  for (const { topic, partitions } of batch) {
    for (const partition of partitions) {
      const key = partitionKey(topic, partition);
      const logStart = starts.get(key);
      const end = ends.get(key);
      into.set(key, {
        logStart: logStart !== undefined && logStart >= 0 ? logStart : null,
        end: end !== undefined && end >= 0 ? end : null,
      });
    }
  }
}

/**
 * Log-start offset and high watermark of every led partition in `metadata` (or of the `only` topics),
 * keyed by partitionKey. Partitions without a leader or whose topic failed are absent.
 */
export async function fetchLogOffsets(
  client: ClusterClient,
  metadata: RawMetadata,
  redactor: Redactor,
  issues: SourceIssue[],
  only?: ReadonlySet<string>,
): Promise<Map<string, LogOffsets>> {
  const out = new Map<string, LogOffsets>();
  const leaders = [...byLeader(metadata, only)];
  await Promise.all(
    leaders.map(async ([nodeId, topics]) => {
      const batch: TopicBatch = [...topics].map(([topic, partitions]) => ({ topic, partitions }));
      try {
        await startAndEnd(client, nodeId, batch, out);
      } catch (error) {
        const results = await settleLimit(batch, 8, (t) => startAndEnd(client, nodeId, [t], out));
        if (results.every((r) => !r.ok)) {
          // The broker itself failed (gone, unknown): one issue, not one per topic.
          issues.push({ scope: `broker:${nodeId}`, message: `offsets: ${redactor.describe(error)}` });
          return;
        }
        results.forEach((r, i) => {
          if (!r.ok) {
            const topic = batch[i]?.topic ?? '?';
            issues.push({ scope: `topic:${topic}`, message: `offsets: ${redactor.describe(r.error)}` });
          }
        });
      }
    }),
  );
  return out;
}

/** The committed offsets a group has (only partitions with a commit; complete with completeOffsets). */
export async function fetchCommitted(groups: GroupClient, groupId: string): Promise<KafkaCommittedOffset[]> {
  return (await groups.committed(groupId)).map((c) => ({
    topic: c.topic,
    partition: c.partition,
    committed: c.offset,
    metadata: c.metadata,
  }));
}

/** fetchCommitted for many groups, `concurrency` OffsetFetch requests in flight. Failures become issues. */
export async function fetchCommittedMany(
  groups: GroupClient,
  groupIds: readonly string[],
  concurrency: number,
  redactor: Redactor,
  issues: SourceIssue[],
): Promise<Map<string, KafkaCommittedOffset[]>> {
  const results = await settleLimit(groupIds, concurrency, (g) => fetchCommitted(groups, g));
  const out = new Map<string, KafkaCommittedOffset[]>();
  results.forEach((r, i) => {
    const groupId = groupIds[i] as string;
    if (r.ok) out.set(groupId, r.value);
    else issues.push({ scope: `group:${groupId}`, message: `offsets: ${redactor.describe(r.error)}` });
  });
  return out;
}

/**
 * Every partition of every topic in `topics`, with the group's commit or `committed: null`; commits on
 * topics the metadata does not know (deleted) are kept as they are. Sorted by topic then partition.
 */
export function completeOffsets(
  committed: readonly KafkaCommittedOffset[],
  topics: ReadonlySet<string>,
  partitionIds: ReadonlyMap<string, readonly number[]>,
): KafkaCommittedOffset[] {
  const byKey = new Map(committed.map((c) => [partitionKey(c.topic, c.partition), c]));
  const wanted = new Set([...topics, ...committed.map((c) => c.topic)]);
  const out: KafkaCommittedOffset[] = [];
  for (const topic of wanted) {
    const ids = partitionIds.get(topic);
    if (ids === undefined) {
      out.push(...committed.filter((c) => c.topic === topic));
      continue;
    }
    for (const partition of ids) {
      const found = byKey.get(partitionKey(topic, partition));
      out.push(found ?? { topic, partition, committed: null, metadata: null });
    }
  }
  return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}
