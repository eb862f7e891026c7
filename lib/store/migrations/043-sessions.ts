import type { Migration } from './types';

/**
 * Version 43: sign-in sessions. The cookie carries a random 32-byte id; only its sha256 is stored, so a
 * copy of the database does not let anyone in. `csrf` is the synchronizer token bound to the session.
 */
export const sessions: Migration = {
  version: 43,
  name: 'sessions',
  up: `
    CREATE TABLE sessions (
      id_hash      TEXT PRIMARY KEY,
      user_name    TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
      csrf         TEXT NOT NULL,
      created_at   INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      ip           TEXT
    ) STRICT;
    CREATE INDEX sessions_by_user ON sessions (user_name);
  `,
};
