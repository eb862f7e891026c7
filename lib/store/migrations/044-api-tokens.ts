import type { Migration } from './types';

/** Version 44: API tokens (`spl_…`) for the CLI and automation, stored as sha256, scoped to a role. */
export const apiTokens: Migration = {
  version: 44,
  name: 'api-tokens',
  up: `
    CREATE TABLE api_tokens (
      id           INTEGER PRIMARY KEY AUTOINCREMENT,
      name         TEXT NOT NULL UNIQUE,
      token_hash   TEXT NOT NULL UNIQUE,
      role         TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
      created_by   TEXT NOT NULL,
      created_at   INTEGER NOT NULL,
      last_used_at INTEGER,
      expires_at   INTEGER
    ) STRICT;
  `,
};
