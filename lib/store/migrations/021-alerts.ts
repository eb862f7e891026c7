import type { Migration } from './types';

/** Version 21, not 20: store.test.ts uses 20 as a fake migration. Alert history: one row per status transition that was alerted, one delivery row per webhook. */
export const alerts: Migration = {
  version: 21,
  name: 'alerts',
  up: `
    CREATE TABLE alerts (
      id          INTEGER PRIMARY KEY AUTOINCREMENT,
      cluster     TEXT NOT NULL,
      kind        TEXT NOT NULL CHECK (kind IN ('group', 'queue')),
      entity      TEXT NOT NULL,              -- group id, or <vhost>/<queue>
      from_status TEXT,                       -- null: first time the entity was seen
      to_status   TEXT NOT NULL,
      at          INTEGER NOT NULL,           -- epoch ms of the sample that showed the new status
      lag         INTEGER,                    -- messages, null when unknown
      lag_seconds REAL,
      created_at  INTEGER NOT NULL            -- epoch ms the alert was recorded
    ) STRICT;
    CREATE INDEX alerts_by_entity ON alerts (cluster, kind, entity, id);
    CREATE INDEX alerts_by_created ON alerts (created_at);

    CREATE TABLE alert_deliveries (
      alert_id    INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
      webhook     INTEGER NOT NULL,           -- index in alerts.webhooks of the configuration
      url         TEXT NOT NULL,              -- redacted: scheme, host and port only
      status      TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts    INTEGER NOT NULL DEFAULT 0,
      http_status INTEGER,                    -- of the last attempt, null when it got no answer
      last_error  TEXT,                       -- one line, never a header value
      updated_at  INTEGER NOT NULL,
      PRIMARY KEY (alert_id, webhook)
    ) STRICT;
    CREATE INDEX alert_deliveries_pending ON alert_deliveries (status) WHERE status = 'pending';
  `,
};
