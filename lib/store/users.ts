// Users, sessions and API tokens (migrations 042–044). Hashing and policy live in lib/auth; this is storage.
import type { Db } from './database';

export type UserRole = 'viewer' | 'operator' | 'admin';

export interface UserRecord {
  name: string;
  role: UserRole;
  passwordHash: string | null;
  source: 'local' | 'oidc';
  createdAt: number;
  updatedAt: number;
}

interface UserRow {
  name: string;
  role: UserRole;
  password_hash: string | null;
  source: 'local' | 'oidc';
  created_at: number;
  updated_at: number;
}

const toUser = (r: UserRow): UserRecord => ({
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  source: r.source,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class UsersRepository {
  constructor(private readonly db: Db) {}

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  get(name: string): UserRecord | undefined {
    const row = this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE name = ?').get(name);
    return row ? toUser(row) : undefined;
  }

  list(): UserRecord[] {
    return this.db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name').all().map(toUser);
  }

  /** Inserts a user; returns false when the name is taken. */
  add(u: { name: string; role: UserRole; passwordHash: string | null; source?: 'local' | 'oidc' }): boolean {
    const now = Date.now();
    const r = this.db
      .prepare(
        `INSERT INTO users (name, role, password_hash, source, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
      )
      .run(u.name, u.role, u.passwordHash, u.source ?? 'local', now, now);
    return r.changes === 1;
  }

  /** Changes the password hash; also ends every session of the user. Returns false for an unknown user. */
  setPassword(name: string, passwordHash: string): boolean {
    return this.db.transaction(() => {
      const r = this.db
        .prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE name = ?')
        .run(passwordHash, Date.now(), name);
      this.db.prepare('DELETE FROM sessions WHERE user_name = ?').run(name);
      return r.changes === 1;
    })();
  }

  setRole(name: string, role: UserRole): boolean {
    const r = this.db
      .prepare('UPDATE users SET role = ?, updated_at = ? WHERE name = ?')
      .run(role, Date.now(), name);
    return r.changes === 1;
  }

  /** Deletes the user and (by cascade) their sessions. */
  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM users WHERE name = ?').run(name).changes === 1;
  }

  countAdmins(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'").get() as { n: number }).n;
  }
}

export interface SessionRecord {
  idHash: string;
  userName: string;
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
}

interface SessionRow {
  id_hash: string;
  user_name: string;
  csrf: string;
  created_at: number;
  last_seen_at: number;
}

export class SessionsRepository {
  constructor(private readonly db: Db) {}

  create(s: { idHash: string; userName: string; csrf: string; ip?: string | null; at?: number }): void {
    const at = s.at ?? Date.now();
    this.db
      .prepare(
        'INSERT INTO sessions (id_hash, user_name, csrf, created_at, last_seen_at, ip) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(s.idHash, s.userName, s.csrf, at, at, s.ip ?? null);
  }

  get(idHash: string): SessionRecord | undefined {
    const r = this.db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id_hash = ?').get(idHash);
    return r
      ? {
          idHash: r.id_hash,
          userName: r.user_name,
          csrf: r.csrf,
          createdAt: r.created_at,
          lastSeenAt: r.last_seen_at,
        }
      : undefined;
  }

  touch(idHash: string, at: number): void {
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(at, idHash);
  }

  delete(idHash: string): boolean {
    return this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash).changes === 1;
  }

  /** Removes sessions idle since `idleBefore` or created before `createdBefore`. */
  prune(idleBefore: number, createdBefore: number): number {
    return this.db
      .prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?')
      .run(idleBefore, createdBefore).changes;
  }
}

export interface ApiTokenRecord {
  id: number;
  name: string;
  role: UserRole;
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
}

interface TokenRow {
  id: number;
  name: string;
  token_hash: string;
  role: UserRole;
  created_by: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
}

const toToken = (r: TokenRow): ApiTokenRecord => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  expiresAt: r.expires_at,
});

export class ApiTokensRepository {
  constructor(private readonly db: Db) {}

  /** Returns false when a token with this name exists. */
  add(t: { name: string; tokenHash: string; role: UserRole; createdBy: string; expiresAt?: number | null }) {
    const r = this.db
      .prepare(
        `INSERT INTO api_tokens (name, token_hash, role, created_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
      )
      .run(t.name, t.tokenHash, t.role, t.createdBy, Date.now(), t.expiresAt ?? null);
    return r.changes === 1;
  }

  byHash(tokenHash: string): ApiTokenRecord | undefined {
    const r = this.db
      .prepare<[string], TokenRow>('SELECT * FROM api_tokens WHERE token_hash = ?')
      .get(tokenHash);
    return r ? toToken(r) : undefined;
  }

  list(): ApiTokenRecord[] {
    return this.db.prepare<[], TokenRow>('SELECT * FROM api_tokens ORDER BY name').all().map(toToken);
  }

  touch(id: number, at: number): void {
    this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  /** Revokes (deletes) a token by name. */
  revoke(name: string): boolean {
    return this.db.prepare('DELETE FROM api_tokens WHERE name = ?').run(name).changes === 1;
  }
}
