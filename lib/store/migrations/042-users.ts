import type { Migration } from './types';

/**
 * Version 42: dashboard users, their role and scrypt password hash (lib/auth/password.ts). `source` is
 * 'local' (password) or 'oidc' (signed in through the identity provider, no password).
 */
export const users: Migration = {
  version: 42,
  name: 'users',
  up: `
    CREATE TABLE users (
      name          TEXT PRIMARY KEY,
      role          TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
      password_hash TEXT,
      source        TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'oidc')),
      created_at    INTEGER NOT NULL,
      updated_at    INTEGER NOT NULL
    ) STRICT;
  `,
};
