// Sample rows of the lag history (see migrations/011-lag-history.ts): one transaction per sampler round,
// the reads the sampler needs to rebuild its windows after a restart, and the chart queries.
import type { Db } from './database';

/** Partition log-start / high watermark at `t` (a change point). */
export interface OffsetRow {
  t: number;
  logStart: number | null;
  end: number | null;
}

/** A group's committed offset on a partition at `t` (a change point), with the partition status then. */
export interface CommitRow {
  t: number;
  committed: number | null;
  /** STATUS_SEVERITY value. */
  status: number;
}

export interface GroupRow {
  t: number;
  lag: number | null;
  lagMs: number | null;
  inRate: number | null;
  outRate: number | null;
  etaSeconds: number | null;
  status: number;
  partitions: number;
  members: number | null;
}

export interface QueueRow {
  t: number;
  ready: number;
  unacked: number;
  consumers: number;
  publishRate: number | null;
  outRate: number | null;
  lagMs: number | null;
  etaSeconds: number | null;
  status: number;
}

/** Everything one sampler round writes; each entry is [series id, row]. */
export interface LagRoundRows {
  offsets: Array<[number, OffsetRow]>;
  commits: Array<[number, CommitRow]>;
  groups: Array<[number, GroupRow]>;
  queues: Array<[number, QueueRow]>;
}

export class LagHistoryRepository {
  private readonly db: Db;
  private readonly insertOffset;
  private readonly insertCommit;
  private readonly insertGroup;
  private readonly insertQueue;
  private readonly offsetsSince;
  private readonly lastCommitsStmt;
  private readonly commitsSinceStmt;
  private readonly lastGroupStmt;
  private readonly lastQueuesStmt;
  private readonly writeTx;

  constructor(db: Db) {
    this.db = db;
    this.insertOffset = db.prepare(
      'INSERT OR REPLACE INTO lag_offsets_raw (series, t, log_start, end_offset) VALUES (?, ?, ?, ?)',
    );
    this.insertCommit = db.prepare(
      'INSERT OR REPLACE INTO lag_commits_raw (series, t, committed, status) VALUES (?, ?, ?, ?)',
    );
    this.insertGroup = db.prepare(
      `INSERT OR REPLACE INTO lag_groups_raw
         (series, t, lag, lag_ms, in_rate, out_rate, eta_s, status, partitions, members)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertQueue = db.prepare(
      `INSERT OR REPLACE INTO lag_queues_raw
         (series, t, ready, unacked, consumers, publish_rate, out_rate, lag_ms, eta_s, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.offsetsSince = db.prepare<[number, number], OffsetRow>(
      `SELECT t, log_start AS logStart, end_offset AS end FROM lag_offsets_raw
       WHERE series = ? AND t >= ? ORDER BY t`,
    );
    this.lastCommitsStmt = db.prepare<[number, number], CommitRow>(
      `SELECT t, committed, status FROM lag_commits_raw WHERE series = ? ORDER BY t DESC LIMIT ?`,
    );
    this.commitsSinceStmt = db.prepare<[number, number], CommitRow>(
      `SELECT t, committed, status FROM lag_commits_raw WHERE series = ? AND t >= ? ORDER BY t`,
    );
    this.lastGroupStmt = db.prepare<[number], GroupRow>(
      `SELECT t, lag, lag_ms AS lagMs, in_rate AS inRate, out_rate AS outRate, eta_s AS etaSeconds, status,
              partitions, members
       FROM lag_groups_raw WHERE series = ? ORDER BY t DESC LIMIT 1`,
    );
    this.lastQueuesStmt = db.prepare<[number, number], QueueRow>(
      `SELECT t, ready, unacked, consumers, publish_rate AS publishRate, out_rate AS outRate, lag_ms AS lagMs,
              eta_s AS etaSeconds, status
       FROM lag_queues_raw WHERE series = ? ORDER BY t DESC LIMIT ?`,
    );
    this.writeTx = db.transaction((rows: LagRoundRows) => {
      for (const [id, r] of rows.offsets) this.insertOffset.run(id, r.t, r.logStart, r.end);
      for (const [id, r] of rows.commits) this.insertCommit.run(id, r.t, r.committed, r.status);
      for (const [id, r] of rows.groups) {
        this.insertGroup.run(
          id,
          r.t,
          r.lag,
          r.lagMs,
          r.inRate,
          r.outRate,
          r.etaSeconds,
          r.status,
          r.partitions,
          r.members,
        );
      }
      for (const [id, r] of rows.queues) {
        this.insertQueue.run(
          id,
          r.t,
          r.ready,
          r.unacked,
          r.consumers,
          r.publishRate,
          r.outRate,
          r.lagMs,
          r.etaSeconds,
          r.status,
        );
      }
    });
  }

  /** Writes a round's rows in one transaction. */
  writeRound(rows: LagRoundRows): void {
    if (rows.offsets.length + rows.commits.length + rows.groups.length + rows.queues.length === 0) return;
    this.writeTx(rows);
  }

  /** Offset change points of a partition from `since` on, oldest first. */
  offsets(series: number, since: number): OffsetRow[] {
    return this.offsetsSince.all(series, since);
  }

  /** The newest `limit` commit rows of a group partition, oldest first. */
  lastCommits(series: number, limit: number): CommitRow[] {
    return this.lastCommitsStmt.all(series, limit).reverse();
  }

  /** Commit rows of a group partition from `since` on, oldest first. */
  commitsSince(series: number, since: number): CommitRow[] {
    return this.commitsSinceStmt.all(series, since);
  }

  lastGroup(series: number): GroupRow | undefined {
    return this.lastGroupStmt.get(series);
  }

  /** The newest `limit` rows of a queue, oldest first. */
  lastQueues(series: number, limit: number): QueueRow[] {
    return this.lastQueuesStmt.all(series, limit).reverse();
  }

  /** Reads a setting of the history jobs (lag_meta). */
  meta(key: string): number | undefined {
    const v = this.db.prepare<[string], number>('SELECT value FROM lag_meta WHERE key = ?').pluck().get(key);
    return v ?? undefined;
  }

  setMeta(key: string, value: number): void {
    this.db
      .prepare(
        'INSERT INTO lag_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }
}
