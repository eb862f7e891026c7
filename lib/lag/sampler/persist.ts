// Writes each round to the store in one transaction, and reads history back when an entity is first seen
// after a restart (so status windows, HWM histories and previous statuses survive a restart).
//
// Partition offsets and commits are stored as change points: a row when the value changes (plus the
// last unchanged sample before the change, which interpolation needs), and a heartbeat row at least every
// `heartbeatMs`. An idle cluster of 10,000 partitions then writes ~170 rows/s instead of 2,000.
import type { Db } from '../../store/database';
import {
  type CommitRow,
  groupPartitionSeries,
  groupSeries,
  type LagRepositories,
  type LagRoundRows,
  type OffsetRow,
  partitionSeries,
  queueSeries,
} from '../../store/lag';
import type { QueueSample } from '../rabbitmq';
import { STATUS_SEVERITY, STATUSES, type Status } from '../types';
import type { KafkaRoundRecord } from './kafka-state';
import type { KafkaRestore } from './kafka-tracks';
import type { SamplerSettings } from './options';
import type { RabbitmqRestore, RabbitmqRoundRecord } from './rabbitmq-state';

interface ChangePoint<R> {
  t: number;
  key: string;
  pending: R | null;
  seenAt: number;
}

/** Change-point encoder for one table. */
class ChangePoints<R> {
  private readonly points = new Map<number, ChangePoint<R>>();

  constructor(private readonly heartbeatMs: number) {}

  /** Appends to `out` the rows to write for this observation. */
  observe(id: number, t: number, key: string, row: R, out: Array<[number, R]>): void {
    const cp = this.points.get(id);
    if (!cp) {
      out.push([id, row]);
      this.points.set(id, { t, key, pending: null, seenAt: t });
      return;
    }
    cp.seenAt = t;
    if (key !== cp.key) {
      if (cp.pending) out.push([id, cp.pending]);
      out.push([id, row]);
      cp.t = t;
      cp.key = key;
      cp.pending = null;
    } else if (t - cp.t >= this.heartbeatMs) {
      out.push([id, row]);
      cp.t = t;
      cp.pending = null;
    } else {
      cp.pending = row;
    }
  }

  /** Forgets series not observed since `before`. */
  sweep(before: number): void {
    for (const [id, cp] of this.points) if (cp.seenAt < before) this.points.delete(id);
  }
}

const statusOf = (severity: number | undefined): Status | null =>
  severity === undefined ? null : (STATUSES[severity] ?? null);

export class LagPersistence {
  private readonly offsets: ChangePoints<OffsetRow>;
  private readonly commits: ChangePoints<CommitRow>;
  private lastSweep = 0;
  /** Series ids by the state's long-lived track objects: no key strings built per row and round. */
  private readonly ids = new WeakMap<object, number>();

  constructor(
    private readonly db: Db,
    private readonly lag: LagRepositories,
    private readonly settings: SamplerSettings,
  ) {
    this.offsets = new ChangePoints(settings.heartbeatMs);
    this.commits = new ChangePoints(settings.heartbeatMs);
  }

  kafkaRestore(cluster: string): KafkaRestore {
    const { series, history } = this.lag;
    return {
      partitionHistory: (topic, partition) => {
        const id = series.find(partitionSeries(cluster, topic, partition));
        if (id === undefined) return [];
        return history
          .offsets(id, Date.now() - this.settings.restoreHistoryMs)
          .flatMap((r) => (r.end === null ? [] : [{ t: r.t, value: r.end }]));
      },
      groupPartitionCommits: (group, topic, partition) => {
        const id = series.find(groupPartitionSeries(cluster, group, topic, partition));
        if (id === undefined) return [];
        return history.lastCommits(id, this.settings.status.windowSize * 4 + 16);
      },
      groupStatus: (group) => {
        const id = series.find(groupSeries(cluster, group));
        return id === undefined ? null : statusOf(history.lastGroup(id)?.status);
      },
    };
  }

  rabbitmqRestore(cluster: string): RabbitmqRestore {
    const { series, history } = this.lag;
    const rows = (vhost: string, queue: string, limit: number) => {
      const id = series.find(queueSeries(cluster, vhost, queue));
      return id === undefined ? [] : history.lastQueues(id, limit);
    };
    return {
      queueWindow: (vhost, queue): QueueSample[] =>
        rows(vhost, queue, this.settings.status.windowSize).map((r) => ({
          t: r.t,
          messages: r.ready + r.unacked,
          consumers: r.consumers,
        })),
      queueStatus: (vhost, queue) => statusOf(rows(vhost, queue, 1)[0]?.status),
    };
  }

  writeKafka(cluster: string, record: KafkaRoundRecord): void {
    const { t } = record;
    const rows: LagRoundRows = { offsets: [], commits: [], groups: [], queues: [] };
    this.db.transaction(() => {
      const { series } = this.lag;
      for (const p of record.partitions) {
        const id = this.idOf(p, () => series.id(partitionSeries(cluster, p.topic, p.partition)));
        const row = { t, logStart: p.logStart, end: p.end };
        this.offsets.observe(id, t, `${p.logStart}|${p.end}`, row, rows.offsets);
      }
      for (const c of record.groupPartitions) {
        const id = this.idOf(c.track, () =>
          series.id(groupPartitionSeries(cluster, c.group, c.topic, c.partition)),
        );
        const status = STATUS_SEVERITY[c.status];
        this.commits.observe(
          id,
          t,
          `${c.committed}|${status}`,
          { t, committed: c.committed, status },
          rows.commits,
        );
      }
      for (const d of record.groups) {
        const g = d.group;
        rows.groups.push([
          series.id(groupSeries(cluster, g.group)),
          {
            t,
            lag: g.lag,
            lagMs: g.lagSeconds === null ? null : Math.round(g.lagSeconds * 1000),
            inRate: g.inRate,
            outRate: g.outRate,
            etaSeconds: g.etaSeconds,
            status: STATUS_SEVERITY[g.status],
            partitions: g.partitions,
            members: g.members,
          },
        ]);
      }
      this.lag.history.writeRound(rows);
    })();
    this.maybeSweep(t);
  }

  writeRabbitmq(cluster: string, record: RabbitmqRoundRecord): void {
    const { t } = record;
    const rows: LagRoundRows = { offsets: [], commits: [], groups: [], queues: [] };
    this.db.transaction(() => {
      for (const q of record.queues) {
        rows.queues.push([
          this.lag.series.id(queueSeries(cluster, q.vhost, q.queue)),
          {
            t,
            ready: q.ready,
            unacked: q.unacked,
            consumers: q.consumers,
            publishRate: q.publishRate,
            outRate: q.ackRate,
            lagMs: q.lagSeconds === null ? null : Math.round(q.lagSeconds * 1000),
            etaSeconds: q.etaSeconds,
            status: STATUS_SEVERITY[q.status],
          },
        ]);
      }
      this.lag.history.writeRound(rows);
    })();
  }

  private idOf(owner: object, make: () => number): number {
    let id = this.ids.get(owner);
    if (id === undefined) {
      id = make();
      this.ids.set(owner, id);
    }
    return id;
  }

  private maybeSweep(t: number): void {
    if (t - this.lastSweep < 10 * this.settings.heartbeatMs) return;
    this.lastSweep = t;
    this.offsets.sweep(t - 10 * this.settings.heartbeatMs);
    this.commits.sweep(t - 10 * this.settings.heartbeatMs);
  }
}
