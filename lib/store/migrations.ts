/**
 * Versioned schema migrations. Append new entries; never edit an applied one. Each runs in a transaction
 * and is recorded in `schema_migrations`, so a store opened by an older Spillway is upgraded in order.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings',
    up: `
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,          -- JSON
        updated_at INTEGER NOT NULL        -- epoch ms
      ) STRICT;
    `,
  },
];
