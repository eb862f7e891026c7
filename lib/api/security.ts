// Admin API for users and API tokens, and the audit log reader. Route files under app/api/{users,tokens,
// audit-log} call these; the request gate already required the role (admin for users/tokens, viewer for
// the audit log) and the CSRF token. Every change is recorded in the audit log through audited().
import { z } from 'zod';
import { type Actor, actorOf } from '../auth/actor';
import { audited } from '../auth/audited';
import {
  addUser,
  createToken,
  password,
  publicToken,
  publicUser,
  removeUser,
  revokeToken,
  role,
  setPassword,
  setRole,
  tokenName,
  UserAdminError,
  userName,
} from '../auth/users';
import { formatPath } from '../config';
import { getRuntime } from '../runtime/context';
import type { AuditEntry } from '../store';
import { type ApiResult, invalidQuery, searchObject } from './alerts';

const issues = (e: z.ZodError) => e.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));

async function body<S extends z.ZodType>(request: Request, schema: S): Promise<ApiResult<z.output<S>>> {
  let raw: unknown;
  try {
    const text = await request.text();
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { ok: false, status: 400, body: { error: 'the body is not valid JSON' } };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, status: 400, body: { error: 'invalid request body', issues: issues(parsed.error) } };
  return { ok: true, body: parsed.data };
}

/** Runs an admin change, records it, and maps UserAdminError to its status. */
async function change<T>(
  request: Request,
  action: string,
  target: string,
  params: Record<string, unknown>,
  fn: (actor: Actor) => Promise<T> | T,
): Promise<ApiResult<T>> {
  const actor = actorOf(request);
  if (!actor) return { ok: false, status: 401, body: { error: 'sign in required' } };
  try {
    const value = await audited(getRuntime().store, actor, action, target, params, () => fn(actor));
    return { ok: true, body: value };
  } catch (err) {
    if (err instanceof UserAdminError) return { ok: false, status: err.status, body: { error: err.message } };
    throw err;
  }
}

export function listUsers(): ApiResult<{ users: ReturnType<typeof publicUser>[] }> {
  return { ok: true, body: { users: getRuntime().store.users.list().map(publicUser) } };
}

const newUser = z.strictObject({ name: userName, role, password });

export async function postUser(request: Request) {
  const b = await body(request, newUser);
  if (!b.ok) return b;
  const { name, role: r, password: pw } = b.body;
  return change(request, 'user.add', name, { role: r }, () => addUser(getRuntime().store, name, r, pw));
}

const userPatch = z
  .strictObject({ role: role.optional(), password: password.optional() })
  .refine((v) => v.role !== undefined || v.password !== undefined, 'send "role" and/or "password"');

export async function patchUser(request: Request, rawName: string) {
  const name = userName.safeParse(rawName);
  if (!name.success) return { ok: false as const, status: 400, body: { error: 'invalid user name' } };
  const b = await body(request, userPatch);
  if (!b.ok) return b;
  const store = getRuntime().store;
  return change(
    request,
    'user.update',
    name.data,
    { role: b.body.role, password: b.body.password !== undefined },
    async () => {
      if (b.body.password !== undefined) await setPassword(store, name.data, b.body.password);
      if (b.body.role !== undefined) return setRole(store, name.data, b.body.role);
      const u = store.users.get(name.data);
      if (!u) throw new UserAdminError(`no user "${name.data}"`, 404);
      return publicUser(u);
    },
  );
}

export async function deleteUser(request: Request, rawName: string) {
  const name = userName.safeParse(rawName);
  if (!name.success) return { ok: false as const, status: 400, body: { error: 'invalid user name' } };
  return change(request, 'user.remove', name.data, {}, () => {
    removeUser(getRuntime().store, name.data);
    return { removed: name.data };
  });
}

export function listTokens() {
  return { ok: true as const, body: { tokens: getRuntime().store.apiTokens.list().map(publicToken) } };
}

const newToken = z.strictObject({
  name: tokenName,
  role,
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export async function postToken(request: Request) {
  const b = await body(request, newToken);
  if (!b.ok) return b;
  const { name, role: r, expiresInDays } = b.body;
  const expiresAt = expiresInDays ? Date.now() + expiresInDays * 86_400_000 : null;
  return change(request, 'token.create', name, { role: r, expiresInDays }, (actor) => {
    const { token, record } = createToken(getRuntime().store, name, r, actor.name, expiresAt);
    return { ...record, token, note: 'the token is shown once; store it now' };
  });
}

export async function deleteToken(request: Request, rawName: string) {
  const name = tokenName.safeParse(rawName);
  if (!name.success) return { ok: false as const, status: 400, body: { error: 'invalid token name' } };
  return change(request, 'token.revoke', name.data, {}, () => {
    revokeToken(getRuntime().store, name.data);
    return { revoked: name.data };
  });
}

export const auditLogQuery = z.strictObject({
  actor: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(200).optional(),
  target: z.string().min(1).max(1000).optional(),
  result: z.enum(['ok', 'error', 'denied']).optional(),
  since: z.coerce.number().int().min(0).optional(),
  until: z.coerce.number().int().min(0).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export interface AuditLogResponse {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: number | null;
}

export function auditLogEntries(params: URLSearchParams): ApiResult<AuditLogResponse> {
  const parsed = auditLogQuery.safeParse(searchObject(params));
  if (!parsed.success) return invalidQuery(parsed.error);
  const entries = getRuntime().store.auditLog.list(parsed.data);
  const last = entries.at(-1);
  return {
    ok: true,
    body: { entries, nextBefore: entries.length === parsed.data.limit && last ? last.id : null },
  };
}

/** Whether the sign-in page offers OIDC (auth.oidc is configured). */
export function oidcEnabled(): boolean {
  return getRuntime().config.auth.oidc !== undefined;
}
