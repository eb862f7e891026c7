// Builds the in-memory views of a Kafka cluster from assessments: a group's detail, and topics.
import type { GroupAssessment, PartitionAssessment } from '../assess';
import type { GroupLagJson } from '../report';
import { round3 } from '../report';
import type { PartitionTrack } from './kafka-tracks';
import type { GroupDetail, PartitionView, TopicDetail, TopicView } from './views';

export interface GroupDetailParts {
  json: GroupLagJson;
  assessed: readonly PartitionAssessment[];
  group: GroupAssessment;
  memberCount: number;
  /** Committed partitions whose offsets could not be read. */
  unknown: number;
  observedAt: number;
}

export function groupDetail(p: GroupDetailParts): GroupDetail {
  // Explicit fields, no spreads: this runs for every partition of every group each round.
  const partitions: PartitionView[] = p.json.partitions.map((json, i) => {
    const a = p.assessed[i] as PartitionAssessment;
    return {
      topic: json.topic,
      partition: json.partition,
      committed: json.committed,
      logStart: json.logStart,
      end: json.end,
      lag: json.lag,
      lagSeconds: json.lagSeconds,
      status: json.status,
      rule: a.status.rule,
      lagSecondsMethod: a.timeLag.method,
      lagSecondsAtLeast: round3(a.timeLag.atLeastSeconds),
      inRate: round3(a.inRate.perSecond),
      outRate: round3(a.outRate.perSecond),
      etaSeconds: round3(a.eta.seconds),
      etaState: a.eta.state,
      noCommit: a.lag.noCommit,
      skippedByRetention: a.lag.skippedByRetention,
    };
  });
  // Sources list offsets sorted by topic and partition; sort only when they are not.
  const before = (x: PartitionView, y: PartitionView) =>
    x.topic < y.topic ? -1 : x.topic > y.topic ? 1 : x.partition - y.partition;
  if (partitions.some((v, i) => i > 0 && before(partitions[i - 1] as PartitionView, v) > 0)) {
    partitions.sort(before);
  }
  const max = p.group.lag.maxLag;
  const topics = [...new Set(partitions.map((v) => v.topic))].sort();
  return {
    group: {
      cluster: p.json.cluster,
      group: p.json.group,
      state: p.json.state,
      members: p.memberCount,
      status: p.json.status,
      burrowStatus: p.group.status.burrowStatus,
      complete: round3(p.group.status.complete) ?? 0,
      lag: p.json.lag,
      lagSeconds: p.json.lagSeconds,
      etaSeconds: p.json.etaSeconds,
      etaState: p.group.eta.state,
      inRate: round3(p.group.inRate),
      outRate: round3(p.group.outRate),
      topics,
      partitions: partitions.length,
      partitionsWithoutCommit: p.group.lag.partitionsWithoutCommit,
      partitionsUnknown: p.unknown,
      maxLag: max && max.lag !== null ? { topic: max.topic, partition: max.partition, lag: max.lag } : null,
      statusCounts: { ...p.group.status.counts },
      observedAt: p.observedAt,
    },
    partitions,
  };
}

/** Topics of a cluster from its partition tracks and the groups consuming them. */
export function topicViews(
  cluster: string,
  partitions: Iterable<PartitionTrack>,
  details: Iterable<GroupDetail>,
  withPartitions: boolean,
  only?: string,
): TopicDetail[] {
  const consumers = new Map<string, Set<string>>();
  for (const d of details) {
    for (const t of d.group.topics) {
      if (only !== undefined && t !== only) continue;
      const set = consumers.get(t) ?? new Set<string>();
      set.add(d.group.group);
      consumers.set(t, set);
    }
  }
  const byTopic = new Map<string, PartitionTrack[]>();
  for (const p of partitions) {
    if (only !== undefined && p.topic !== only) continue;
    const list = byTopic.get(p.topic) ?? [];
    list.push(p);
    byTopic.set(p.topic, list);
  }
  const out: TopicDetail[] = [];
  for (const [topic, list] of byTopic) {
    list.sort((a, b) => a.partition - b.partition);
    let messages: number | null = null;
    let inRate: number | null = 0;
    let observedAt: number | null = null;
    for (const p of list) {
      if (p.end !== null && p.logStart !== null) messages = (messages ?? 0) + Math.max(0, p.end - p.logStart);
      const r = p.inRate?.perSecond ?? null;
      inRate = inRate === null || r === null ? null : inRate + r;
      observedAt = Math.max(observedAt ?? 0, p.seenAt);
    }
    const view: TopicView = {
      cluster,
      topic,
      internal: topic.startsWith('__'),
      partitions: list.length,
      messages,
      inRate: round3(inRate),
      groups: [...(consumers.get(topic) ?? [])].sort(),
      observedAt,
    };
    out.push({
      ...view,
      partitionList: withPartitions
        ? list.map((p) => ({
            partition: p.partition,
            logStart: p.logStart,
            end: p.end,
            inRate: round3(p.inRate?.perSecond ?? null),
          }))
        : [],
    });
  }
  return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}
