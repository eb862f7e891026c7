import { randomUUID } from 'node:crypto';
import { AlertsRepository } from './alerts';
import { type Db, openDatabase, schemaVersion } from './database';
import { type LagRepositories, lagRepositories } from './lag';
import { SettingsRepository } from './settings';

export { AlertsRepository, type DeliveryUpdate } from './alerts';
export { type Db, migrate, openDatabase, STORE_FILE_NAME, StoreError } from './database';
export type { LagRepositories } from './lag';
export type { Migration } from './migrations/index';
export { type SettingKey, type Settings, SettingsRepository } from './settings';

/** The store: one SQLite database and a typed repository per table. Later features add repositories here. */
export interface Store {
  readonly db: Db;
  readonly settings: SettingsRepository;
  /** Lag and backlog history written by the sampler (lib/store/lag.ts). */
  readonly lag: LagRepositories;
  /** Alert history written by the alerts dispatcher (lib/store/alerts.ts). */
  readonly alerts: AlertsRepository;
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
    lag: lagRepositories(db),
    alerts: new AlertsRepository(db),
    instanceId,
    schemaVersion: () => schemaVersion(db),
    close: () => {
      if (db.open) db.close();
    },
  };
}
