// Queues this Spillway captures (migrations/054-replay-captures.ts).
import type { Db } from './database';

export interface CaptureRecord {
  cluster: string;
  vhost: string;
  queue: string;
  createdAt: number;
  createdBy: string;
}

export class ReplayCapturesRepository {
  constructor(private readonly db: Db) {}

  add(c: { cluster: string; vhost: string; queue: string; createdBy: string }, now = Date.now()): void {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO replay_captures (cluster, vhost, queue, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
      )
      .run(c.cluster, c.vhost, c.queue, now, c.createdBy);
  }

  remove(cluster: string, vhost: string, queue: string): void {
    this.db
      .prepare('DELETE FROM replay_captures WHERE cluster = ? AND vhost = ? AND queue = ?')
      .run(cluster, vhost, queue);
  }

  list(cluster?: string): CaptureRecord[] {
    const rows = this.db
      .prepare(
        `SELECT cluster, vhost, queue, created_at AS createdAt, created_by AS createdBy FROM replay_captures
         ${cluster === undefined ? '' : 'WHERE cluster = ?'} ORDER BY cluster, vhost, queue`,
      )
      .all(...(cluster === undefined ? [] : [cluster]));
    return rows as CaptureRecord[];
  }
}
