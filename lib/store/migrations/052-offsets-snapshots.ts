import type { Migration } from './types';

/**
 * Version 52: undo snapshots of Kafka offset resets (`spillway offsets reset`). One row per applied reset:
 * the group's committed offsets of the topic before and after, so `spillway offsets undo <id>` restores them.
 */
export const offsetSnapshots: Migration = {
  version: 52,
  name: 'offsets-snapshots',
  up: `
    CREATE TABLE offsets_snapshots (
      id         TEXT PRIMARY KEY,             -- short random id printed to the operator
      cluster    TEXT NOT NULL,
      group_id   TEXT NOT NULL,
      topic      TEXT NOT NULL,
      target     TEXT NOT NULL,                -- what --to asked for: earliest | latest | ISO time | offset
      before     TEXT NOT NULL,                -- JSON [{partition, offset|null}] committed before the reset
      after      TEXT NOT NULL,                -- JSON [{partition, offset}] set by the reset
      actor      TEXT NOT NULL,
      created_at INTEGER NOT NULL,             -- epoch ms
      undone_at  INTEGER,                      -- epoch ms of a successful undo
      undone_by  TEXT
    ) STRICT;
    CREATE INDEX offsets_snapshots_by_group ON offsets_snapshots (cluster, group_id, created_at);
  `,
};
