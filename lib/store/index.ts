import { randomUUID } from 'node:crypto';
import { type Db, openDatabase, schemaVersion } from './database';
import { SettingsRepository } from './settings';

export { type Db, migrate, openDatabase, STORE_FILE_NAME, StoreError } from './database';
export type { Migration } from './migrations/index';
export { type SettingKey, type Settings, SettingsRepository } from './settings';

/** The store: one SQLite database and a typed repository per table. Later features add repositories here. */
export interface Store {
  readonly db: Db;
  readonly settings: SettingsRepository;
  readonly instanceId: string;
  schemaVersion(): number;
  close(): void;
}

export function openStore(dataDir: string): Store {
  const db = openDatabase(dataDir);
  const settings = new SettingsRepository(db);
  const instanceId = settings.getOrInit('instanceId', () => randomUUID());
  settings.getOrInit('createdAt', () => Date.now());
  return {
    db,
    settings,
    instanceId,
    schemaVersion: () => schemaVersion(db),
    close: () => {
      if (db.open) db.close();
    },
  };
}
