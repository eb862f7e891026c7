import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index';

export type Db = Database.Database;

export const STORE_FILE_NAME = 'spillway.db';

export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** Opens (creating if needed) the SQLite store in `dataDir`, in WAL mode, and applies pending migrations. */
export function openDatabase(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, STORE_FILE_NAME);
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw new StoreError(`cannot open the store at ${file}: ${(err as Error).message}`, { cause: err });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

/**
 * Applies every migration the store has not recorded, in version order, each in its own transaction;
 * returns how many ran. Features own version ranges, so a lower version can arrive after a higher one:
 * what counts is whether a version was applied, not the maximum. A store holding versions this code does
 * not know was written by a newer Spillway and is refused.
 */
export function migrate(db: Db, migrations: readonly Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v)).sort((a, b) => a - b);
  if (unknown.length > 0) {
    throw new StoreError(
      `the store has schema version(s) ${unknown.join(', ')} that this Spillway does not know; upgrade Spillway or use another data dir`,
    );
  }
  const pending = [...migrations]
    .filter((m) => !applied.has(m.version))
    .sort((a, b) => a.version - b.version);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.up);
      record.run(m.version, m.name, Date.now());
    })();
  }
  return pending.length;
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as {
    v: number;
  };
  return row.v;
}
