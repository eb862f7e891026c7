import type { Db } from './database';

/** What a history series is about. */
export type LagSeriesKind = 'partition' | 'group' | 'group_partition' | 'queue';

/**
 * Identity of a series. `name`/`sub`/`part` by kind: partition (topic, '', partition), group (group id,
 * '', -1), group_partition (group id, topic, partition), queue (vhost, queue name, -1).
 */
export interface LagSeriesKey {
  cluster: string;
  kind: LagSeriesKind;
  name: string;
  sub?: string;
  part?: number;
}

export function partitionSeries(cluster: string, topic: string, partition: number): LagSeriesKey {
  return { cluster, kind: 'partition', name: topic, part: partition };
}

export function groupSeries(cluster: string, group: string): LagSeriesKey {
  return { cluster, kind: 'group', name: group };
}

export function groupPartitionSeries(
  cluster: string,
  group: string,
  topic: string,
  partition: number,
): LagSeriesKey {
  return { cluster, kind: 'group_partition', name: group, sub: topic, part: partition };
}

export function queueSeries(cluster: string, vhost: string, queue: string): LagSeriesKey {
  return { cluster, kind: 'queue', name: vhost, sub: queue };
}

const cacheKey = (k: LagSeriesKey): string =>
  `${k.cluster}\u0000${k.kind}\u0000${k.name}\u0000${k.sub ?? ''}\u0000${k.part ?? -1}`;

/** The `lag_series` dictionary: a stable integer id per series, cached in memory. */
export class LagSeriesRepository {
  private readonly cache = new Map<string, number>();
  private readonly insertStmt;
  private readonly findStmt;
  private readonly byKindStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      'INSERT OR IGNORE INTO lag_series (cluster, kind, name, sub, part) VALUES (?, ?, ?, ?, ?)',
    );
    this.findStmt = db
      .prepare<[string, string, string, string, number], number>(
        'SELECT id FROM lag_series WHERE cluster = ? AND kind = ? AND name = ? AND sub = ? AND part = ?',
      )
      .pluck();
    this.byKindStmt = db
      .prepare<[string, string], { id: number; name: string; sub: string; part: number }>(
        'SELECT id, name, sub, part FROM lag_series WHERE cluster = ? AND kind = ?',
      )
      .raw(false);
  }

  /** The id of a series, created on first use. */
  id(key: LagSeriesKey): number {
    const k = cacheKey(key);
    const cached = this.cache.get(k);
    if (cached !== undefined) return cached;
    const args = [key.cluster, key.kind, key.name, key.sub ?? '', key.part ?? -1] as const;
    this.insertStmt.run(...args);
    const id = this.findStmt.get(...args);
    if (id === undefined) throw new Error(`lag_series: cannot create ${k}`);
    this.cache.set(k, id);
    return id;
  }

  /** The id of a series if it exists; never creates one. */
  find(key: LagSeriesKey): number | undefined {
    const k = cacheKey(key);
    const cached = this.cache.get(k);
    if (cached !== undefined) return cached;
    const id = this.findStmt.get(key.cluster, key.kind, key.name, key.sub ?? '', key.part ?? -1);
    if (id !== undefined) this.cache.set(k, id);
    return id;
  }

  /** Every series of a kind in a cluster. */
  list(cluster: string, kind: LagSeriesKind): { id: number; name: string; sub: string; part: number }[] {
    return this.byKindStmt.all(cluster, kind);
  }
}
