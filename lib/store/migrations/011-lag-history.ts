import type { Migration } from './types';

/**
 * Lag and backlog history written by the sampler (lib/lag/sampler).
 *
 * - `lag_series` names every tracked thing once (a partition, a group, a group's partition, a queue), so
 *   sample rows carry a small integer instead of repeated cluster/group/topic strings.
 * - `*_raw` tables hold samples for `sampler.rawRetentionMs`. Partition offsets and group commits are
 *   stored as change points (a row when the value changes, the last unchanged sample before a change, and a
 *   heartbeat row at least once a minute); group and queue rows are written every round.
 * - `*_1m` tables hold 1-minute rollups of the group and queue rows for `sampler.rollupRetentionMs`.
 *
 * Every sample table is WITHOUT ROWID with the primary key (series, t): a chart query for one series over
 * a time range is one range scan of the primary key, which covers every column.
 * Status columns hold STATUS_SEVERITY (0 OK, 1 WARN, 2 ERR, 3 STOP, 4 STALL, 5 REWIND), so max() is the worst.
 */
export const lagHistory: Migration = {
  version: 11,
  name: 'lag-history',
  up: `
    CREATE TABLE lag_series (
      id        INTEGER PRIMARY KEY,
      cluster   TEXT NOT NULL,
      kind      TEXT NOT NULL CHECK (kind IN ('partition', 'group', 'group_partition', 'queue')),
      name      TEXT NOT NULL,               -- topic (partition), group id (group, group_partition), vhost (queue)
      sub       TEXT NOT NULL DEFAULT '',    -- topic (group_partition), queue name (queue)
      part      INTEGER NOT NULL DEFAULT -1, -- partition number (partition, group_partition)
      UNIQUE (cluster, kind, name, sub, part)
    ) STRICT;

    CREATE TABLE lag_offsets_raw (
      series     INTEGER NOT NULL,           -- lag_series.id, kind 'partition'
      t          INTEGER NOT NULL,           -- epoch ms of the poll
      log_start  INTEGER,
      end_offset INTEGER,                    -- high watermark
      PRIMARY KEY (series, t)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE lag_commits_raw (
      series    INTEGER NOT NULL,            -- kind 'group_partition'
      t         INTEGER NOT NULL,
      committed INTEGER,                     -- NULL: no commit
      status    INTEGER NOT NULL,
      PRIMARY KEY (series, t)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE lag_groups_raw (
      series     INTEGER NOT NULL,           -- kind 'group'
      t          INTEGER NOT NULL,
      lag        INTEGER,
      lag_ms     INTEGER,
      in_rate    REAL,
      out_rate   REAL,
      eta_s      REAL,
      status     INTEGER NOT NULL,
      partitions INTEGER NOT NULL,
      members    INTEGER,
      PRIMARY KEY (series, t)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE lag_queues_raw (
      series       INTEGER NOT NULL,         -- kind 'queue'
      t            INTEGER NOT NULL,
      ready        INTEGER NOT NULL,
      unacked      INTEGER NOT NULL,
      consumers    INTEGER NOT NULL,
      publish_rate REAL,
      out_rate     REAL,
      lag_ms       INTEGER,
      eta_s        REAL,
      status       INTEGER NOT NULL,
      PRIMARY KEY (series, t)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE lag_groups_1m (
      series      INTEGER NOT NULL,
      bucket      INTEGER NOT NULL,          -- epoch ms, start of the minute
      samples     INTEGER NOT NULL,
      lag_avg     REAL,
      lag_max     INTEGER,
      lag_ms_max  INTEGER,
      in_rate     REAL,
      out_rate    REAL,
      eta_s       REAL,                      -- last in the minute
      status_max  INTEGER NOT NULL,
      PRIMARY KEY (series, bucket)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE lag_queues_1m (
      series        INTEGER NOT NULL,
      bucket        INTEGER NOT NULL,
      samples       INTEGER NOT NULL,
      messages_avg  REAL NOT NULL,
      messages_max  INTEGER NOT NULL,
      ready_avg     REAL NOT NULL,
      unacked_avg   REAL NOT NULL,
      consumers_min INTEGER NOT NULL,
      publish_rate  REAL,
      out_rate      REAL,
      lag_ms_max    INTEGER,
      eta_s         REAL,
      status_max    INTEGER NOT NULL,
      PRIMARY KEY (series, bucket)
    ) STRICT, WITHOUT ROWID;

    -- Bookkeeping of the history jobs, e.g. 'rollup_watermark' (epoch ms up to which rollups are complete).
    CREATE TABLE lag_meta (
      key   TEXT PRIMARY KEY,
      value INTEGER NOT NULL
    ) STRICT;
  `,
};
