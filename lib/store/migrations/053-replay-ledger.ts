import type { Migration } from './types';

/**
 * Version 53: the replay ledger. One row per (target, message id) published by a file replay, so a second
 * run of the same file to the same target publishes nothing already published.
 */
export const replayLedger: Migration = {
  version: 53,
  name: 'replay-ledger',
  up: `
    CREATE TABLE replay_ledger (
      target       TEXT NOT NULL,      -- 'rabbitmq:<cluster>/<vhost>/<exchange>' or 'kafka:<cluster>/<topic>'
      message_id   TEXT NOT NULL,
      job_id       TEXT,
      published_at INTEGER NOT NULL,   -- epoch ms the publish was confirmed
      PRIMARY KEY (target, message_id)
    ) STRICT, WITHOUT ROWID;
  `,
};
