import type { Migration } from './types';

/**
 * Version 41: the audit log of who did what (security feature). Append-only from the application's point of
 * view: the repository has no update or delete. One row per mutation attempt and per sign-in.
 */
export const auditLog: Migration = {
  version: 41,
  name: 'audit-log',
  up: `
    CREATE TABLE audit_log (
      id      INTEGER PRIMARY KEY AUTOINCREMENT,
      at      INTEGER NOT NULL,                 -- epoch ms
      actor   TEXT NOT NULL,                    -- user name, 'token:<name>', 'cli:<os user>' or 'anonymous'
      role    TEXT,                             -- viewer | operator | admin, null when unauthenticated
      action  TEXT NOT NULL,                    -- dotted verb, e.g. 'auth.login', 'drain.start', 'demo.start'
      target  TEXT NOT NULL DEFAULT '',         -- what it acted on, e.g. 'kafka:prod/orders' or a job id
      params  TEXT NOT NULL DEFAULT '{}',       -- JSON, secrets redacted before they get here
      result  TEXT NOT NULL CHECK (result IN ('ok', 'error', 'denied')),
      detail  TEXT                              -- one line: the error or the reason for a denial
    ) STRICT;
    CREATE INDEX audit_log_by_at ON audit_log (at);
    CREATE INDEX audit_log_by_actor ON audit_log (actor, at);
    CREATE INDEX audit_log_by_action ON audit_log (action, at);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
};
