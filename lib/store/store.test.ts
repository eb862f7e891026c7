import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, openStore, StoreError } from './index';
import { MIGRATIONS } from './migrations/index';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'spillway-store-'));

describe('store', () => {
  it('opens in WAL mode, applies migrations once and keeps the instance id across reopen', () => {
    const dir = tmp();
    const a = openStore(dir);
    expect(a.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(a.schemaVersion()).toBe(MIGRATIONS.at(-1)?.version);
    const id = a.instanceId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    a.close();
    const b = openStore(dir);
    expect(b.instanceId).toBe(id);
    expect(migrate(b.db, MIGRATIONS)).toBe(0);
    b.close();
  });

  it('applies only pending migrations, in order, each atomically', () => {
    const dir = tmp();
    const db = openDatabase(dir, MIGRATIONS);
    const extra = [
      ...MIGRATIONS,
      { version: 100, name: 'good', up: 'CREATE TABLE t100 (x INTEGER) STRICT;' },
      { version: 101, name: 'bad', up: 'CREATE TABLE t101 (x INTEGER) STRICT; INSERT INTO nope VALUES (1);' },
    ];
    expect(() => migrate(db, extra)).toThrow(/no such table: nope/);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all();
    expect(tables).toContain('t100');
    expect(tables).not.toContain('t101');
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(100);
    db.close();
  });

  it('refuses a store written by a newer Spillway', () => {
    const dir = tmp();
    openStore(dir).close();
    const raw = new Database(path.join(dir, 'spillway.db'));
    raw.prepare('INSERT INTO schema_migrations VALUES (999, ?, ?)').run('future', Date.now());
    raw.close();
    expect(() => openStore(dir)).toThrow(StoreError);
    expect(() => openStore(dir)).toThrow(/schema version\(s\) 999/);
  });

  it('applies a lower-numbered migration that arrives after a higher one (feature version ranges)', () => {
    const dir = tmp();
    const db = openDatabase(dir, [
      ...MIGRATIONS,
      { version: 20, name: 'alerts', up: 'CREATE TABLE t20 (x INTEGER) STRICT;' },
    ]);
    const later = [
      ...MIGRATIONS,
      { version: 10, name: 'samples', up: 'CREATE TABLE t10 (x INTEGER) STRICT;' },
      { version: 20, name: 'alerts', up: 'CREATE TABLE t20 (x INTEGER) STRICT;' },
    ];
    expect(migrate(db, later)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't10'").pluck().get()).toBe('t10');
    db.close();
  });

  it('settings repository stores typed JSON values', () => {
    const s = openStore(tmp());
    s.settings.set('createdAt', 42);
    expect(s.settings.get('createdAt')).toBe(42);
    expect(s.settings.getOrInit('createdAt', () => 7)).toBe(42);
    s.close();
  });
});
