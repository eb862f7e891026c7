import type { Migration } from './types';

export const settings: Migration = {
  version: 1,
  name: 'settings',
  up: `
    CREATE TABLE settings (
      key        TEXT PRIMARY KEY,
      value      TEXT NOT NULL,          -- JSON
      updated_at INTEGER NOT NULL        -- epoch ms
    ) STRICT;
  `,
};
