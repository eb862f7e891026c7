import type { Db } from './database';

/** Typed key/value settings (JSON values). Keys are code-defined; see SettingKey. */
export interface Settings {
  /** Random id of this Spillway installation, created on first start. */
  instanceId: string;
  /** First start time (epoch ms). */
  createdAt: number;
}
export type SettingKey = keyof Settings;

export class SettingsRepository {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
  }

  get<K extends SettingKey>(key: K): Settings[K] | undefined {
    const row = this.getStmt.get(key);
    return row ? (JSON.parse(row.value) as Settings[K]) : undefined;
  }

  set<K extends SettingKey>(key: K, value: Settings[K]): void {
    this.setStmt.run(key, JSON.stringify(value), Date.now());
  }

  /** Returns the stored value, storing `make()` first if there is none. */
  getOrInit<K extends SettingKey>(key: K, make: () => Settings[K]): Settings[K] {
    const existing = this.get(key);
    if (existing !== undefined) return existing;
    const value = make();
    this.set(key, value);
    return value;
  }
}
