// User and API-token management shared by the CLI (`spillway users`) and the admin API (/api/users, /api/tokens).
import { z } from 'zod';
import type { ApiTokenRecord, Store, UserRecord } from '../store';
import type { Role } from './actor';
import { hashPassword, MIN_PASSWORD_LENGTH, randomPassword } from './password';
import { newApiToken, sha256 } from './secrets';

export const userName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, 'use letters, digits, ".", "_", "@" or "-"');
export const role = z.enum(['viewer', 'operator', 'admin']);
export const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, 'at most 1024 characters');
export const tokenName = userName;

/** A refusal the caller shows as is (CLI: UserError; API: 4xx). */
export class UserAdminError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
    this.name = 'UserAdminError';
  }
}

export interface PublicUser {
  name: string;
  role: Role;
  source: 'local' | 'oidc';
  createdAt: number;
  updatedAt: number;
}

export const publicUser = (u: UserRecord): PublicUser => ({
  name: u.name,
  role: u.role,
  source: u.source,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});

export async function addUser(store: Store, name: string, r: Role, pw: string): Promise<PublicUser> {
  const hash = await hashPassword(pw);
  if (!store.users.add({ name, role: r, passwordHash: hash }))
    throw new UserAdminError(`user "${name}" already exists`, 409);
  return publicUser(store.users.get(name) as UserRecord);
}

export function removeUser(store: Store, name: string): void {
  const u = store.users.get(name);
  if (!u) throw new UserAdminError(`no user "${name}"`, 404);
  if (u.role === 'admin' && store.users.countAdmins() <= 1)
    throw new UserAdminError(`"${name}" is the last admin; add another admin first`, 409);
  store.users.remove(name);
}

/** Sets a new password and ends the user's sessions. */
export async function setPassword(store: Store, name: string, pw: string): Promise<void> {
  if (!store.users.get(name)) throw new UserAdminError(`no user "${name}"`, 404);
  store.users.setPassword(name, await hashPassword(pw));
}

export function setRole(store: Store, name: string, r: Role): PublicUser {
  const u = store.users.get(name);
  if (!u) throw new UserAdminError(`no user "${name}"`, 404);
  if (u.role === 'admin' && r !== 'admin' && store.users.countAdmins() <= 1)
    throw new UserAdminError(`"${name}" is the last admin; add another admin first`, 409);
  store.users.setRole(name, r);
  return publicUser(store.users.get(name) as UserRecord);
}

/**
 * First start: when there is no admin (no user at all, or only users added with `spillway users add` before
 * the first start), creates `admin` with a random password and returns it (the caller prints it once to
 * stdout; it is never logged). Returns undefined when an admin exists or the name `admin` is taken.
 */
export async function ensureFirstAdmin(store: Store): Promise<string | undefined> {
  if (store.users.countAdmins() > 0 || store.users.get('admin')) return undefined;
  const pw = randomPassword();
  const hash = await hashPassword(pw);
  return store.users.add({ name: 'admin', role: 'admin', passwordHash: hash }) ? pw : undefined;
}

export type PublicToken = Omit<ApiTokenRecord, 'id'>;

export const publicToken = ({ id: _id, ...t }: ApiTokenRecord): PublicToken => t;

/** Creates an API token; returns the plaintext (shown once) and its public record. */
export function createToken(
  store: Store,
  name: string,
  r: Role,
  createdBy: string,
  expiresAt: number | null = null,
): { token: string; record: PublicToken } {
  const token = newApiToken();
  if (!store.apiTokens.add({ name, tokenHash: sha256(token), role: r, createdBy, expiresAt }))
    throw new UserAdminError(`a token named "${name}" already exists`, 409);
  const record = store.apiTokens.list().find((t) => t.name === name) as ApiTokenRecord;
  return { token, record: publicToken(record) };
}

export function revokeToken(store: Store, name: string): void {
  if (!store.apiTokens.revoke(name)) throw new UserAdminError(`no token "${name}"`, 404);
}
