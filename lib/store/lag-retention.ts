// The history jobs: 1-minute rollups of group and queue rows, and retention (raw rows, rollups). Deletes
// work through the primary key (series, t) a chunk of series at a time, so that the caller can yield to
// the event loop between chunks instead of holding the database for one long statement.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import type { LagSeriesKind } from './lag-series';

/** History tables and the series kind their rows belong to. */
export const LAG_TABLES = {
  lag_offsets_raw: { kind: 'partition', time: 't' },
  lag_commits_raw: { kind: 'group_partition', time: 't' },
  lag_groups_raw: { kind: 'group', time: 't' },
  lag_queues_raw: { kind: 'queue', time: 't' },
  lag_groups_1m: { kind: 'group', time: 'bucket' },
  lag_queues_1m: { kind: 'queue', time: 'bucket' },
} as const satisfies Record<string, { kind: LagSeriesKind; time: 't' | 'bucket' }>;

export type LagTable = keyof typeof LAG_TABLES;

export const RAW_TABLES: readonly LagTable[] = [
  'lag_offsets_raw',
  'lag_commits_raw',
  'lag_groups_raw',
  'lag_queues_raw',
];
export const ROLLUP_TABLES: readonly LagTable[] = ['lag_groups_1m', 'lag_queues_1m'];

const SERIES_CHUNK = `SELECT id FROM lag_series WHERE kind = ? AND id > ? ORDER BY id LIMIT ?`;

export class LagRetentionRepository {
  private readonly rollupGroupsStmt;
  private readonly rollupQueuesStmt;
  private readonly chunkEnd;
  private readonly prunes = new Map<LagTable, Statement<[string, number, number, number]>>();

  constructor(private readonly db: Db) {
    this.rollupGroupsStmt = db.prepare(
      `INSERT OR REPLACE INTO lag_groups_1m
         (series, bucket, samples, lag_avg, lag_max, lag_ms_max, in_rate, out_rate, eta_s, status_max)
       SELECT series, (t / 60000) * 60000, count(*), avg(lag), max(lag), max(lag_ms), avg(in_rate),
              avg(out_rate), avg(eta_s), max(status)
       FROM lag_groups_raw
       WHERE series IN (${SERIES_CHUNK}) AND t >= ? AND t < ?
       GROUP BY series, (t / 60000)`,
    );
    this.rollupQueuesStmt = db.prepare(
      `INSERT OR REPLACE INTO lag_queues_1m
         (series, bucket, samples, messages_avg, messages_max, ready_avg, unacked_avg, consumers_min,
          publish_rate, out_rate, lag_ms_max, eta_s, status_max)
       SELECT series, (t / 60000) * 60000, count(*), avg(ready + unacked), max(ready + unacked), avg(ready),
              avg(unacked), min(consumers), avg(publish_rate), avg(out_rate), max(lag_ms), avg(eta_s),
              max(status)
       FROM lag_queues_raw
       WHERE series IN (${SERIES_CHUNK}) AND t >= ? AND t < ?
       GROUP BY series, (t / 60000)`,
    );
    this.chunkEnd = db
      .prepare<[string, number, number], number | null>(`SELECT max(id) FROM (${SERIES_CHUNK})`)
      .pluck();
  }

  /**
   * Rolls up group or queue rows with from ≤ t < to (minute-aligned) for the series after `afterId`, at
   * most `limit` series. Returns the last series id handled, or null when there were none left.
   */
  rollupChunk(
    kind: 'group' | 'queue',
    from: number,
    to: number,
    afterId: number,
    limit: number,
  ): number | null {
    const end = this.chunkEnd.get(kind, afterId, limit) ?? null;
    if (end === null) return null;
    const stmt = kind === 'group' ? this.rollupGroupsStmt : this.rollupQueuesStmt;
    stmt.run(kind, afterId, limit, from, to);
    return end;
  }

  /**
   * Deletes rows older than `before` from `table` for the series after `afterId` (at most `limit`
   * series). Returns the last series id handled (null when none were left) and the rows deleted.
   */
  pruneChunk(
    table: LagTable,
    before: number,
    afterId: number,
    limit: number,
  ): { lastId: number | null; deleted: number } {
    const { kind, time } = LAG_TABLES[table];
    const end = this.chunkEnd.get(kind, afterId, limit) ?? null;
    if (end === null) return { lastId: null, deleted: 0 };
    let stmt = this.prunes.get(table);
    if (!stmt) {
      stmt = this.db.prepare<[string, number, number, number]>(
        `DELETE FROM ${table} WHERE series IN (${SERIES_CHUNK}) AND ${time} < ?`,
      );
      this.prunes.set(table, stmt);
    }
    const { changes } = stmt.run(kind, afterId, limit, before);
    return { lastId: end, deleted: changes };
  }

  /** Row counts per history table (for tests and the bench). */
  counts(): Record<LagTable, number> {
    const out = {} as Record<LagTable, number>;
    for (const table of Object.keys(LAG_TABLES) as LagTable[]) {
      out[table] = this.db.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get() ?? 0;
    }
    return out;
  }
}
