// A Kafka-kind cluster between rounds: feeds each round's offsets into the lag maths (lib/lag) and keeps
// the latest assessment of every group in memory. No I/O here: the round (kafka-round.ts) brings the
// sample and the record timestamps; persistence reads `KafkaRoundRecord`.
import type { StatusTransition } from '../../alerts/types';
import type { KafkaOffsetsSample } from '../../sources/types';
import { type AssessOptions, assessGroup, assessPartition, type PartitionAssessment } from '../assess';
import { type Rate, windowedRate } from '../rates';
import { toGroupLagJson } from '../report';
import type { CounterSample, Status } from '../types';
import { GroupPartitionTrack, type KafkaRestore, PartitionTrack, partitionKey } from './kafka-tracks';
import { groupDetail } from './kafka-views';
import type { SamplerSettings } from './options';
import { type PositionWant, RecordTimestampCache } from './timestamps';
import type { GroupDetail } from './views';

/** What a round observed, for the store. */
export interface KafkaRoundRecord {
  t: number;
  partitions: PartitionTrack[];
  groupPartitions: Array<{
    /** Stable across rounds while the group keeps the partition (persistence caches ids on it). */
    track: object;
    group: string;
    topic: string;
    partition: number;
    committed: number | null;
    status: Status;
  }>;
  groups: GroupDetail[];
}

interface GroupTrack {
  parts: Map<string, GroupPartitionTrack>;
}

export class KafkaClusterState {
  readonly timestamps: RecordTimestampCache;
  readonly partitions = new Map<string, PartitionTrack>();
  readonly details = new Map<string, GroupDetail>();
  private readonly groups = new Map<string, GroupTrack>();
  private readonly statuses = new Map<string, Status>();
  private readonly assessOptions: AssessOptions;
  observedAt: number | null = null;

  constructor(
    readonly cluster: string,
    private readonly settings: SamplerSettings,
    private readonly restore?: KafkaRestore,
  ) {
    this.timestamps = new RecordTimestampCache(settings.exactRetryMs);
    this.assessOptions = {
      status: settings.status,
      rateWindowMs: settings.rateWindowMs,
      noCommitPolicy: 'unknown',
    };
  }

  /**
   * First half of a round: records every partition's offsets, and returns the consume positions whose
   * record timestamps would give an exact time lag (committed partitions with a backlog).
   */
  observePartitions(sample: KafkaOffsetsSample): PositionWant[] {
    const t = sample.takenAt;
    const seen = new Set<string>();
    for (const p of sample.partitions) {
      const key = partitionKey(p.topic, p.partition);
      seen.add(key);
      let track = this.partitions.get(key);
      if (!track) {
        track = new PartitionTrack(
          p.topic,
          p.partition,
          this.settings,
          this.restore?.partitionHistory(p.topic, p.partition),
        );
        this.partitions.set(key, track);
      }
      if (track.observe(t, p.logStart, p.end, this.settings.status.windowSize)) {
        this.timestamps.forgetPartition(p.topic, p.partition);
      }
      const windowFrom = t - this.settings.rateWindowMs;
      track.inRate = null;
      if (p.end !== null) {
        const history = track.hwm.sliceFor(null, windowFrom);
        track.inRate = rateOf(history, t, this.settings.rateWindowMs);
      }
    }
    for (const key of this.partitions.keys()) if (!seen.has(key)) this.partitions.delete(key);

    const wants: PositionWant[] = [];
    for (const g of sample.groups) {
      for (const o of g.offsets) {
        if (o.committed === null) continue;
        const track = this.partitions.get(partitionKey(o.topic, o.partition));
        if (!track || track.end === null || track.logStart === null) continue;
        const offset = Math.max(o.committed, track.logStart);
        if (offset < track.end)
          wants.push({ topic: o.topic, partition: o.partition, offset, lag: track.end - offset });
      }
    }
    return wants;
  }

  /** Second half: assesses every group; returns the status transitions and what to store. */
  assessGroups(sample: KafkaOffsetsSample): { transitions: StatusTransition[]; record: KafkaRoundRecord } {
    const t = sample.takenAt;
    const transitions: StatusTransition[] = [];
    const record: KafkaRoundRecord = { t, partitions: [], groupPartitions: [], groups: [] };
    for (const track of this.partitions.values()) if (track.seenAt === t) record.partitions.push(track);
    const seenGroups = new Set<string>();
    for (const g of sample.groups) {
      seenGroups.add(g.groupId);
      const detail = this.assessGroup(g, t, record);
      this.details.set(g.groupId, detail);
      record.groups.push(detail);
      const status = detail.group.status;
      const previous = this.statuses.has(g.groupId)
        ? (this.statuses.get(g.groupId) as Status)
        : (this.restore?.groupStatus(g.groupId) ?? null);
      if (previous !== status) {
        transitions.push({
          cluster: this.cluster,
          kind: 'group',
          entity: g.groupId,
          from: previous,
          to: status,
          at: t,
          lag: detail.group.lag,
          lagSeconds: detail.group.lagSeconds,
        });
      }
      this.statuses.set(g.groupId, status);
    }
    for (const id of [...this.details.keys()]) {
      if (seenGroups.has(id)) continue;
      this.details.delete(id);
      this.groups.delete(id);
      this.statuses.delete(id);
    }
    this.timestamps.sweep(t);
    this.observedAt = t;
    return { transitions, record };
  }

  private assessGroup(
    g: KafkaOffsetsSample['groups'][number],
    t: number,
    record: KafkaRoundRecord,
  ): GroupDetail {
    let track = this.groups.get(g.groupId);
    if (!track) {
      track = { parts: new Map() };
      this.groups.set(g.groupId, track);
    }
    const windowFrom = t - this.settings.rateWindowMs;
    const assessed: PartitionAssessment[] = [];
    const seen = new Set<string>();
    let unknown = 0;
    for (const o of g.offsets) {
      const key = partitionKey(o.topic, o.partition);
      const partition = this.partitions.get(key);
      if (!partition || partition.end === null || partition.logStart === null) {
        unknown++;
        continue;
      }
      seen.add(key);
      let gp = track.parts.get(key);
      if (!gp) {
        gp = new GroupPartitionTrack();
        const rows = this.restore?.groupPartitionCommits(g.groupId, o.topic, o.partition);
        if (rows && rows.length > 0) gp.restore(rows, partition, this.settings, t);
        track.parts.set(key, gp);
      }
      gp.observe(t, o.committed, partition.end, this.settings);
      const position = o.committed === null ? null : Math.max(o.committed, partition.logStart);
      const exact =
        position !== null && position < partition.end
          ? this.timestamps.get(o.topic, o.partition, position, t)
          : undefined;
      const a = assessPartition(
        {
          offsets: {
            topic: o.topic,
            partition: o.partition,
            committed: o.committed,
            logStart: partition.logStart,
            end: partition.end,
          },
          now: t,
          commits: gp.commits,
          hwmHistory: partition.hwm.sliceFor(position, windowFrom),
          committedHistory: gp.committedSamples,
          recentEnds: partition.recentEnds,
          committedRecordTimestamp: exact ?? null,
        },
        this.assessOptions,
      );
      assessed.push(a);
      record.groupPartitions.push({
        track: gp,
        group: g.groupId,
        topic: o.topic,
        partition: o.partition,
        committed: a.lag.committed,
        status: a.status.status,
      });
    }
    for (const key of [...track.parts.keys()]) if (!seen.has(key)) track.parts.delete(key);
    const group = assessGroup(assessed);
    const json = toGroupLagJson({ cluster: this.cluster, group: g.groupId, state: g.state }, assessed, group);
    return groupDetail({ json, assessed, group, memberCount: g.memberCount, unknown, observedAt: t });
  }
}

function rateOf(history: readonly CounterSample[], now: number, windowMs: number): Rate {
  return windowedRate(history, { now, windowMs });
}
