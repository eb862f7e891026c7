import type { Migration } from './types';

/**
 * Version 51: the message archive. RabbitMQ messages that expired or were rejected on a captured queue
 * dead-letter into a Spillway archive queue; the archive consumer stores each one here (and only then acks
 * it). `exchange`/`routing_keys` are where the message was first published (from its x-death record), which
 * is where a replay sends it again.
 */
export const archive: Migration = {
  version: 51,
  name: 'archive',
  up: `
    CREATE TABLE archive (
      id                 INTEGER PRIMARY KEY AUTOINCREMENT,
      cluster            TEXT NOT NULL,
      vhost              TEXT NOT NULL,
      queue              TEXT NOT NULL,            -- the captured queue the message died in
      exchange           TEXT NOT NULL,            -- original exchange ('' = default exchange)
      routing_keys       TEXT NOT NULL,            -- JSON array of the original routing keys (CC/BCC included)
      message_id         TEXT,
      body               BLOB NOT NULL,
      properties         TEXT NOT NULL,            -- JSON: AMQP basic properties except headers
      headers            TEXT NOT NULL,            -- JSON: application headers as captured (x-death included)
      death_queue        TEXT NOT NULL,
      death_reason       TEXT NOT NULL,            -- expired | rejected | maxlen | delivery_limit
      death_time         INTEGER,                  -- epoch ms (x-death time has second precision)
      death_exchange     TEXT NOT NULL,
      death_routing_keys TEXT NOT NULL,            -- JSON array
      death_count        INTEGER NOT NULL,
      sha256             TEXT NOT NULL,            -- hex digest of the body
      captured_at        INTEGER NOT NULL,         -- epoch ms the row was written
      replayed_at        INTEGER,                  -- epoch ms of the last confirmed replay
      replay_count       INTEGER NOT NULL DEFAULT 0,
      replay_pending     TEXT                      -- job id while a publish awaits its confirm
    ) STRICT;
    CREATE INDEX archive_by_queue ON archive (cluster, vhost, queue, captured_at);
    CREATE INDEX archive_by_reason ON archive (cluster, vhost, queue, death_reason, captured_at);
  `,
};
