// Undo snapshots of Kafka offset resets (migrations/052-offsets-snapshots.ts).
import { randomBytes } from 'node:crypto';
import type { Db } from './database';

export interface PartitionOffset {
  partition: number;
  /** Committed offset; null when the group had no commit for the partition. */
  offset: number | null;
}

export interface OffsetSnapshot {
  id: string;
  cluster: string;
  group: string;
  topic: string;
  target: string;
  before: PartitionOffset[];
  after: PartitionOffset[];
  actor: string;
  createdAt: number;
  undoneAt: number | null;
  undoneBy: string | null;
}

export type OffsetSnapshotInput = Omit<OffsetSnapshot, 'id' | 'createdAt' | 'undoneAt' | 'undoneBy'>;

interface Row {
  id: string;
  cluster: string;
  group_id: string;
  topic: string;
  target: string;
  before: string;
  after: string;
  actor: string;
  created_at: number;
  undone_at: number | null;
  undone_by: string | null;
}

const toSnapshot = (r: Row): OffsetSnapshot => ({
  id: r.id,
  cluster: r.cluster,
  group: r.group_id,
  topic: r.topic,
  target: r.target,
  before: JSON.parse(r.before) as PartitionOffset[],
  after: JSON.parse(r.after) as PartitionOffset[],
  actor: r.actor,
  createdAt: r.created_at,
  undoneAt: r.undone_at,
  undoneBy: r.undone_by,
});

export class OffsetSnapshotsRepository {
  constructor(private readonly db: Db) {}

  /** Stores a snapshot and returns it with its new id (12 hex digits). */
  create(input: OffsetSnapshotInput, now = Date.now()): OffsetSnapshot {
    const id = randomBytes(6).toString('hex');
    this.db
      .prepare(
        `INSERT INTO offsets_snapshots (id, cluster, group_id, topic, target, before, after, actor, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.cluster,
        input.group,
        input.topic,
        input.target,
        JSON.stringify(input.before),
        JSON.stringify(input.after),
        input.actor,
        now,
      );
    return { ...input, id, createdAt: now, undoneAt: null, undoneBy: null };
  }

  get(id: string): OffsetSnapshot | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM offsets_snapshots WHERE id = ?').get(id);
    return row ? toSnapshot(row) : undefined;
  }

  /** Newest first. */
  list(q: { cluster?: string; group?: string; limit?: number } = {}): OffsetSnapshot[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.cluster) {
      where.push('cluster = ?');
      args.push(q.cluster);
    }
    if (q.group) {
      where.push('group_id = ?');
      args.push(q.group);
    }
    const limit = Math.max(1, Math.min(1000, q.limit ?? 100));
    return this.db
      .prepare<unknown[], Row>(
        `SELECT * FROM offsets_snapshots ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id LIMIT ${limit}`,
      )
      .all(...args)
      .map(toSnapshot);
  }

  markUndone(id: string, actor: string, now = Date.now()): void {
    this.db
      .prepare('UPDATE offsets_snapshots SET undone_at = ?, undone_by = ? WHERE id = ?')
      .run(now, actor, id);
  }
}
