import { randomUUID } from 'node:crypto';
import { AlertsRepository } from './alerts';
import { ArchiveRepository } from './archive';
import { AuditLogRepository } from './audit-log';
import { type Db, openDatabase, schemaVersion } from './database';
import { JobsRepository } from './jobs';
import { type LagRepositories, lagRepositories } from './lag';
import { OffsetSnapshotsRepository } from './offsets-snapshots';
import { ReplayCapturesRepository } from './replay-captures';
import { ReplayLedgerRepository } from './replay-ledger';
import { SettingsRepository } from './settings';
import { ApiTokensRepository, SessionsRepository, UsersRepository } from './users';

export { AlertsRepository, type DeliveryUpdate } from './alerts';
export * from './archive';
export {
  type AuditEntry,
  type AuditEntryInput,
  AuditLogRepository,
  type AuditQuery,
  type AuditResult,
} from './audit-log';
export { type Db, migrate, openDatabase, STORE_FILE_NAME, StoreError } from './database';
export {
  ACTIVE_JOB_STATES,
  type DesiredState,
  JOB_STATES,
  JobConflictError,
  type JobCreateInput,
  type JobRecord,
  type JobRunnerKind,
  type JobState,
  JobsRepository,
  LeaseLostError,
  newJobId,
} from './jobs';
export type { LagRepositories } from './lag';
export type { Migration } from './migrations/index';
export * from './offsets-snapshots';
export * from './replay-captures';
export * from './replay-ledger';
export { type SettingKey, type Settings, SettingsRepository } from './settings';
export {
  type ApiTokenRecord,
  ApiTokensRepository,
  type SessionRecord,
  SessionsRepository,
  type UserRecord,
  type UserRole,
  UsersRepository,
} from './users';

/** The store: one SQLite database and a typed repository per table. Later features add repositories here. */
export interface Store {
  readonly db: Db;
  readonly settings: SettingsRepository;
  /** Lag and backlog history written by the sampler (lib/store/lag.ts). */
  readonly lag: LagRepositories;
  /** Alert history written by the alerts dispatcher (lib/store/alerts.ts). */
  readonly alerts: AlertsRepository;
  /** Who did what: every mutation and sign-in (lib/store/audit-log.ts). */
  readonly auditLog: AuditLogRepository;
  /** Dashboard users, sign-in sessions and API tokens (lib/store/users.ts). */
  readonly users: UsersRepository;
  readonly sessions: SessionsRepository;
  readonly apiTokens: ApiTokensRepository;
  /** Recovery jobs: plan, checkpoint, progress, control and lease (lib/store/jobs.ts, lib/recovery). */
  readonly jobs: JobsRepository;
  /** Replay: archived RabbitMQ messages, offset-reset undo snapshots, the file-replay ledger. */
  readonly archive: ArchiveRepository;
  readonly offsetSnapshots: OffsetSnapshotsRepository;
  readonly replayLedger: ReplayLedgerRepository;
  readonly replayCaptures: ReplayCapturesRepository;
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
    auditLog: new AuditLogRepository(db),
    users: new UsersRepository(db),
    sessions: new SessionsRepository(db),
    apiTokens: new ApiTokensRepository(db),
    jobs: new JobsRepository(db),
    archive: new ArchiveRepository(db),
    offsetSnapshots: new OffsetSnapshotsRepository(db),
    replayLedger: new ReplayLedgerRepository(db),
    replayCaptures: new ReplayCapturesRepository(db),
    instanceId,
    schemaVersion: () => schemaVersion(db),
    close: () => {
      if (db.open) db.close();
    },
  };
}
