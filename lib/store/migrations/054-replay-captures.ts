import type { Migration } from './types';

/**
 * Version 54: the queues this Spillway captures (`spillway replay capture`). The archive service consumes
 * the archive queues of these only, so two Spillway installations on one RabbitMQ never split an archive.
 */
export const replayCaptures: Migration = {
  version: 54,
  name: 'replay-captures',
  up: `
    CREATE TABLE replay_captures (
      cluster    TEXT NOT NULL,
      vhost      TEXT NOT NULL,
      queue      TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      PRIMARY KEY (cluster, vhost, queue)
    ) STRICT, WITHOUT ROWID;
  `,
};
