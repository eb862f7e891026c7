import type { Migration } from './types';

/**
 * Version 31: recovery jobs (lib/recovery). One row per job: its confirmed plan, its checkpoint, progress,
 * the control the operator asked for (desired_state, written by any process) and the lease of the process
 * running it (owner + heartbeat_at). The partial unique index allows one active job per source.
 * job_progress keeps (at, done) samples, at most one a second per job, for rates and charts.
 */
export const jobs: Migration = {
  version: 31,
  name: 'recovery-jobs',
  up: `
    CREATE TABLE jobs (
      id            TEXT PRIMARY KEY,             -- 'j-' + 8 random base32 characters
      kind          TEXT NOT NULL,                -- 'drain-kafka', 'drain-rabbitmq', 'replay-…'
      source_key    TEXT NOT NULL,                -- 'kafka:<cluster>/<topic>/<group>', 'rabbitmq:<cluster>/<vhost>/<queue>'
      cluster       TEXT NOT NULL,
      target        TEXT NOT NULL,                -- shown in lists: '<topic> · <group>', '<vhost>/<queue>'
      state         TEXT NOT NULL CHECK (state IN
                      ('planned', 'running', 'paused', 'restoring', 'completed', 'cancelled', 'failed')),
      desired_state TEXT NOT NULL DEFAULT 'run' CHECK (desired_state IN ('run', 'pause', 'cancel', 'restore')),
      runner        TEXT NOT NULL DEFAULT 'server' CHECK (runner IN ('server', 'cli')),
      plan          TEXT NOT NULL DEFAULT '{}',   -- JSON: the confirmed dry-run plan
      checkpoint    TEXT NOT NULL DEFAULT '{}',   -- JSON: where to resume
      done          INTEGER NOT NULL DEFAULT 0,
      total         INTEGER,
      rate_limit    REAL,                         -- messages/s, null = unlimited
      created_by    TEXT NOT NULL,
      owner         TEXT,                         -- '<host>/<pid>/<nonce>' of the runner holding the lease
      heartbeat_at  INTEGER,
      error         TEXT,
      created_at    INTEGER NOT NULL,
      updated_at    INTEGER NOT NULL,
      finished_at   INTEGER
    ) STRICT;
    CREATE UNIQUE INDEX jobs_one_active_per_source ON jobs (source_key)
      WHERE state IN ('planned', 'running', 'paused', 'restoring');
    CREATE INDEX jobs_by_created ON jobs (created_at);
    CREATE TABLE job_progress (
      job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
      at     INTEGER NOT NULL,
      done   INTEGER NOT NULL,
      PRIMARY KEY (job_id, at)
    ) STRICT, WITHOUT ROWID;
  `,
};
