/**
 * Versioned schema migrations, one file per step, listed here in version order. Each feature owns a
 * version range so parallel work never collides: 1–9 core, 10–19 lag history (sampler), 20–29 audit
 * and alerts, 30–39 recovery jobs, 40–49 auth and the audit log, 50–59 message archive and replay.
 */
import { settings } from './001-settings';
import { lagHistory } from './011-lag-history';
import { alerts } from './021-alerts';
import { jobs } from './031-jobs';
import { auditLog } from './041-audit-log';
import { users } from './042-users';
import { sessions } from './043-sessions';
import { apiTokens } from './044-api-tokens';
import { archive } from './051-archive';
import { offsetSnapshots } from './052-offsets-snapshots';
import { replayLedger } from './053-replay-ledger';
import { replayCaptures } from './054-replay-captures';
import { archiveById } from './055-archive-by-id';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [
  settings,
  lagHistory,
  alerts,
  jobs,
  auditLog,
  users,
  sessions,
  apiTokens,
  archive,
  offsetSnapshots,
  replayLedger,
  replayCaptures,
  archiveById,
];
