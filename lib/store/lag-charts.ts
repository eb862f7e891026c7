// Chart queries over the lag history: a group's or a queue's series between two instants, bucketed by a
// step. Raw rows serve the recent part, 1-minute rollups the older part; both are one primary-key range
// scan per series.
import type { Db } from './database';

export interface GroupPoint {
  /** Bucket start, epoch ms. */
  t: number;
  samples: number;
  /** Average backlog over the bucket. */
  lag: number | null;
  lagMax: number | null;
  /** Largest lag in seconds seen in the bucket. */
  lagSeconds: number | null;
  inRate: number | null;
  outRate: number | null;
  etaSeconds: number | null;
  /** Worst STATUS_SEVERITY in the bucket. */
  status: number;
}

export interface QueuePoint {
  t: number;
  samples: number;
  messages: number;
  messagesMax: number;
  ready: number;
  unacked: number;
  /** Fewest consumers seen in the bucket. */
  consumers: number;
  publishRate: number | null;
  outRate: number | null;
  lagSeconds: number | null;
  etaSeconds: number | null;
  status: number;
}

export interface HistoryRange {
  from: number;
  to: number;
  /** Bucket width, ms (a whole number; rounded up to a minute where rollups are read). */
  stepMs: number;
  /** Raw rows are read for t ≥ rawFrom, rollups before it. */
  rawFrom: number;
}

const MINUTE = 60_000;

type Weighted<P> = P & { samples: number };

/** Merges two bucket lists sorted by t; a bucket in both is combined by `combine`. */
function mergeBuckets<P extends { t: number; samples: number }>(
  a: P[],
  b: P[],
  combine: (x: P, y: P) => P,
): P[] {
  const out: P[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x && (!y || x.t < y.t)) {
      out.push(x);
      i++;
    } else if (y && (!x || y.t < x.t)) {
      out.push(y);
      j++;
    } else if (x && y) {
      out.push(combine(x, y));
      i++;
      j++;
    }
  }
  return out;
}

function wavg(x: number | null, xn: number, y: number | null, yn: number): number | null {
  if (x === null) return y;
  if (y === null) return x;
  return (x * xn + y * yn) / (xn + yn);
}

function nmax(x: number | null, y: number | null): number | null {
  if (x === null) return y;
  if (y === null) return x;
  return Math.max(x, y);
}

function combineGroup(x: Weighted<GroupPoint>, y: Weighted<GroupPoint>): GroupPoint {
  return {
    t: x.t,
    samples: x.samples + y.samples,
    lag: wavg(x.lag, x.samples, y.lag, y.samples),
    lagMax: nmax(x.lagMax, y.lagMax),
    lagSeconds: nmax(x.lagSeconds, y.lagSeconds),
    inRate: wavg(x.inRate, x.samples, y.inRate, y.samples),
    outRate: wavg(x.outRate, x.samples, y.outRate, y.samples),
    etaSeconds: y.etaSeconds ?? x.etaSeconds,
    status: Math.max(x.status, y.status),
  };
}

function combineQueue(x: QueuePoint, y: QueuePoint): QueuePoint {
  const n = x.samples + y.samples;
  const avg = (a: number, b: number) => (a * x.samples + b * y.samples) / n;
  return {
    t: x.t,
    samples: n,
    messages: avg(x.messages, y.messages),
    messagesMax: Math.max(x.messagesMax, y.messagesMax),
    ready: avg(x.ready, y.ready),
    unacked: avg(x.unacked, y.unacked),
    consumers: Math.min(x.consumers, y.consumers),
    publishRate: wavg(x.publishRate, x.samples, y.publishRate, y.samples),
    outRate: wavg(x.outRate, x.samples, y.outRate, y.samples),
    lagSeconds: nmax(x.lagSeconds, y.lagSeconds),
    etaSeconds: y.etaSeconds ?? x.etaSeconds,
    status: Math.max(x.status, y.status),
  };
}

export class LagChartRepository {
  private readonly groupRaw;
  private readonly groupRollup;
  private readonly queueRaw;
  private readonly queueRollup;

  constructor(db: Db) {
    type Args = [number, number, number, number, number, number];
    this.groupRaw = db.prepare<Args, GroupPoint>(
      `SELECT (t / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS t, count(*) AS samples, avg(lag) AS lag, max(lag) AS lagMax,
              max(lag_ms) / 1000.0 AS lagSeconds, avg(in_rate) AS inRate, avg(out_rate) AS outRate,
              avg(eta_s) AS etaSeconds, max(status) AS status
       FROM lag_groups_raw WHERE series = ? AND t >= ? AND t < ?
       GROUP BY 1 ORDER BY 1 LIMIT ?`,
    );
    this.groupRollup = db.prepare<Args, GroupPoint>(
      `SELECT (bucket / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS t, sum(samples) AS samples,
              sum(lag_avg * samples) / sum(CASE WHEN lag_avg IS NOT NULL THEN samples END) AS lag,
              max(lag_max) AS lagMax, max(lag_ms_max) / 1000.0 AS lagSeconds,
              sum(in_rate * samples) / sum(CASE WHEN in_rate IS NOT NULL THEN samples END) AS inRate,
              sum(out_rate * samples) / sum(CASE WHEN out_rate IS NOT NULL THEN samples END) AS outRate,
              avg(eta_s) AS etaSeconds, max(status_max) AS status
       FROM lag_groups_1m WHERE series = ? AND bucket >= ? AND bucket < ?
       GROUP BY 1 ORDER BY 1 LIMIT ?`,
    );
    this.queueRaw = db.prepare<Args, QueuePoint>(
      `SELECT (t / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS t, count(*) AS samples, avg(ready + unacked) AS messages,
              max(ready + unacked) AS messagesMax, avg(ready) AS ready, avg(unacked) AS unacked,
              min(consumers) AS consumers, avg(publish_rate) AS publishRate, avg(out_rate) AS outRate,
              max(lag_ms) / 1000.0 AS lagSeconds, avg(eta_s) AS etaSeconds, max(status) AS status
       FROM lag_queues_raw WHERE series = ? AND t >= ? AND t < ?
       GROUP BY 1 ORDER BY 1 LIMIT ?`,
    );
    this.queueRollup = db.prepare<Args, QueuePoint>(
      `SELECT (bucket / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS t, sum(samples) AS samples,
              sum(messages_avg * samples) / sum(samples) AS messages, max(messages_max) AS messagesMax,
              sum(ready_avg * samples) / sum(samples) AS ready,
              sum(unacked_avg * samples) / sum(samples) AS unacked, min(consumers_min) AS consumers,
              sum(publish_rate * samples) / sum(CASE WHEN publish_rate IS NOT NULL THEN samples END) AS publishRate,
              sum(out_rate * samples) / sum(CASE WHEN out_rate IS NOT NULL THEN samples END) AS outRate,
              max(lag_ms_max) / 1000.0 AS lagSeconds, avg(eta_s) AS etaSeconds, max(status_max) AS status
       FROM lag_queues_1m WHERE series = ? AND bucket >= ? AND bucket < ?
       GROUP BY 1 ORDER BY 1 LIMIT ?`,
    );
  }

  /** A group's history, oldest first, at most (to − from) / stepMs + 1 points. */
  groupHistory(series: number, range: HistoryRange): GroupPoint[] {
    return this.read(series, range, this.groupRaw, this.groupRollup, combineGroup);
  }

  /** A queue's history, oldest first. */
  queueHistory(series: number, range: HistoryRange): QueuePoint[] {
    return this.read(series, range, this.queueRaw, this.queueRollup, combineQueue);
  }

  private read<P extends { t: number; samples: number }>(
    series: number,
    range: HistoryRange,
    raw: { all(...args: [number, number, number, number, number, number]): P[] },
    rollup: { all(...args: [number, number, number, number, number, number]): P[] },
    combine: (x: P, y: P) => P,
  ): P[] {
    const { from, to } = range;
    if (!(to > from)) return [];
    const split = Math.min(to, Math.max(from, range.rawFrom));
    let step = Math.max(1, Math.round(range.stepMs));
    if (split > from) step = Math.max(MINUTE, Math.ceil(step / MINUTE) * MINUTE);
    const limit = Math.ceil((to - from) / step) + 2;
    const old = split > from ? rollup.all(step, step, series, from, split, limit) : [];
    const recent = to > split ? raw.all(step, step, series, split, to, limit) : [];
    return mergeBuckets(old, recent, combine);
  }
}
