// The replay ledger (migrations/053-replay-ledger.ts): which message ids a file replay already published to
// which target, so a second run publishes nothing twice.
import type { Db } from './database';

export class ReplayLedgerRepository {
  constructor(private readonly db: Db) {}

  /** The ids among `ids` already published to `target`. */
  published(target: string, ids: readonly string[]): Set<string> {
    const out = new Set<string>();
    const stmt = this.db.prepare('SELECT 1 FROM replay_ledger WHERE target = ? AND message_id = ?').pluck();
    for (const id of ids) if (stmt.get(target, id) !== undefined) out.add(id);
    return out;
  }

  /** Records confirmed publishes in one transaction. */
  record(target: string, ids: readonly string[], jobId: string | null, now = Date.now()): void {
    const stmt = this.db.prepare(
      'INSERT OR IGNORE INTO replay_ledger (target, message_id, job_id, published_at) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const id of ids) stmt.run(target, id, jobId, now);
    })();
  }

  count(target: string): number {
    return this.db
      .prepare('SELECT COUNT(*) FROM replay_ledger WHERE target = ?')
      .pluck()
      .get(target) as number;
  }
}
