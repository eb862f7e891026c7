// /api/auth/* served by the gate itself: sign-in, sign-out and "who am I" (with the CSRF token).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Store } from '../store';
import type { Authenticated } from './gate';
import {
  CSRF_COOKIE,
  CSRF_HEADER,
  cookie,
  header,
  readBody,
  redirect,
  SESSION_COOKIE,
  sameOrigin,
  sendJson,
} from './http';
import { type OidcClient, OidcError } from './oidc';
import { safeNext } from './policy';
import { AuthService, type SessionInfo } from './sessions';

const loginBody = z.strictObject({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  method: string;
  auth: AuthService;
  store: Store;
  tls: boolean;
  authed: Authenticated | undefined;
  oidc: OidcClient | undefined;
}

export function sessionBody(a: Authenticated) {
  return {
    authenticated: true as const,
    name: a.actor.name,
    role: a.actor.role,
    via: a.actor.via,
    ...(a.session
      ? { csrf: a.session.csrf, expiresAt: a.session.expiresAt, idleExpiresAt: a.session.idleExpiresAt }
      : {}),
  };
}

function sessionCookies(s: { sessionId: string; session: SessionInfo }, tls: boolean, maxAge: number) {
  return [
    cookie(SESSION_COOKIE, s.sessionId, { httpOnly: true, secure: tls, maxAgeSeconds: maxAge }),
    // Readable by the page's script, which echoes it in the x-spillway-csrf header of mutations.
    cookie(CSRF_COOKIE, s.session.csrf, { httpOnly: false, secure: tls, maxAgeSeconds: maxAge }),
  ];
}

const clearCookies = (tls: boolean) => [
  cookie(SESSION_COOKIE, '', { httpOnly: true, secure: tls, maxAgeSeconds: 0 }),
  cookie(CSRF_COOKIE, '', { httpOnly: false, secure: tls, maxAgeSeconds: 0 }),
];

async function login(c: Ctx): Promise<void> {
  const { req, res, store } = c;
  const ip = req.socket.remoteAddress ?? 'unknown';
  if (!sameOrigin(req)) return sendJson(res, 403, { error: 'cross-origin sign-in refused' });
  let raw: unknown;
  try {
    raw = JSON.parse(await readBody(req, 8 * 1024));
  } catch {
    return sendJson(res, 400, { error: 'send {"name","password"} as JSON' });
  }
  const parsed = loginBody.safeParse(raw);
  if (!parsed.success) return sendJson(res, 400, { error: 'send {"name","password"} as JSON' });
  const { name, password } = parsed.data;
  const r = await c.auth.login(name, password, ip);
  const entry = { actor: name, action: 'auth.login', target: name, params: { ip } };
  if (!r.ok) {
    const user = store.users.get(name);
    store.auditLog.append({
      ...entry,
      role: user?.role ?? null,
      result: r.reason === 'rate-limited' ? 'denied' : 'error',
      detail: r.reason === 'rate-limited' ? 'too many failed sign-ins' : 'wrong user name or password',
    });
    if (r.reason === 'rate-limited')
      return sendJson(
        res,
        429,
        { error: `too many failed sign-ins; try again in ${r.retryAfter} s` },
        { 'retry-after': String(r.retryAfter) },
      );
    return sendJson(res, 401, { error: 'wrong user name or password' });
  }
  store.auditLog.append({ ...entry, role: r.session.actor.role, result: 'ok' });
  const maxAge = Math.floor((r.session.expiresAt - Date.now()) / 1000);
  res.setHeader('set-cookie', sessionCookies(r, c.tls, Math.max(1, maxAge)));
  return sendJson(res, 200, sessionBody({ actor: r.session.actor, session: r.session }));
}

function redirectUri(c: Ctx, oidc: OidcClient): string {
  return (
    oidc.config.redirectUri ??
    `${c.tls ? 'https' : 'http'}://${header(c.req, 'host') ?? 'localhost'}/api/auth/oidc/callback`
  );
}

async function oidcStart(c: Ctx, oidc: OidcClient): Promise<void> {
  const url = new URL(c.req.url ?? '/', 'http://x');
  try {
    return redirect(c.res, await oidc.start(redirectUri(c, oidc), safeNext(url.searchParams.get('next'))));
  } catch (err) {
    return sendJson(c.res, 502, { error: err instanceof OidcError ? err.message : 'OIDC sign-in failed' });
  }
}

async function oidcCallback(c: Ctx, oidc: OidcClient): Promise<void> {
  const { req, res, store } = c;
  const ip = req.socket.remoteAddress ?? 'unknown';
  const q = new URL(req.url ?? '/', 'http://x').searchParams;
  const fail = (detail: string, actor = 'anonymous') => {
    store.auditLog.append({
      actor,
      action: 'auth.login',
      target: actor,
      params: { ip, via: 'oidc' },
      result: 'error',
      detail,
    });
    return redirect(res, `/login?error=${encodeURIComponent(detail)}`);
  };
  const state = q.get('state');
  const code = q.get('code');
  if (q.get('error')) return fail(`the identity provider refused: ${q.get('error')}`.slice(0, 200));
  if (!state || !code) return fail('the callback has no code or state');
  let result: { name: string; next: string };
  try {
    result = await oidc.finish(state, code);
  } catch (err) {
    return fail(err instanceof OidcError ? err.message : 'OIDC sign-in failed');
  }
  const existing = store.users.get(result.name);
  if (existing && existing.source !== 'oidc')
    return fail(`"${result.name}" is a local user: sign in with the password`, result.name);
  if (!existing)
    store.users.add({ name: result.name, role: oidc.config.defaultRole, passwordHash: null, source: 'oidc' });
  const s = c.auth.openSession(result.name, ip);
  store.auditLog.append({
    actor: result.name,
    role: s.session.actor.role,
    action: 'auth.login',
    target: result.name,
    params: { ip, via: 'oidc', created: !existing },
    result: 'ok',
  });
  const maxAge = Math.floor((s.session.expiresAt - Date.now()) / 1000);
  res.setHeader('set-cookie', sessionCookies(s, c.tls, Math.max(1, maxAge)));
  return redirect(res, result.next);
}

export async function handleAuthEndpoint(c: Ctx): Promise<void> {
  const { res, path, method, authed } = c;
  if (path === '/api/auth/login') {
    if (method !== 'POST') return sendJson(res, 405, { error: 'use POST' }, { allow: 'POST' });
    return login(c);
  }
  if (path === '/api/auth/session') {
    if (method !== 'GET') return sendJson(res, 405, { error: 'use GET' }, { allow: 'GET' });
    return sendJson(
      res,
      200,
      authed ? sessionBody(authed) : { authenticated: false, oidc: c.oidc !== undefined },
    );
  }
  if (path === '/api/auth/logout') {
    if (method !== 'POST') return sendJson(res, 405, { error: 'use POST' }, { allow: 'POST' });
    if (!authed?.session) {
      res.setHeader('set-cookie', clearCookies(c.tls));
      return sendJson(res, 200, { authenticated: false });
    }
    const sent = header(c.req, CSRF_HEADER);
    if (!AuthService.csrfMatches(authed.session, sent))
      return sendJson(res, 403, { error: 'missing or invalid CSRF token' });
    c.auth.logout(authed.session.idHash);
    c.store.auditLog.append({
      actor: authed.actor.name,
      role: authed.actor.role,
      action: 'auth.logout',
      target: authed.actor.name,
      result: 'ok',
    });
    res.setHeader('set-cookie', clearCookies(c.tls));
    return sendJson(res, 200, { authenticated: false });
  }
  if (path === '/api/auth/oidc/start' || path === '/api/auth/oidc/callback') {
    if (method !== 'GET') return sendJson(res, 405, { error: 'use GET' }, { allow: 'GET' });
    if (!c.oidc) return sendJson(res, 404, { error: 'OIDC sign-in is not configured (auth.oidc)' });
    return path.endsWith('/start') ? oidcStart(c, c.oidc) : oidcCallback(c, c.oidc);
  }
  return sendJson(res, 404, { error: 'unknown auth endpoint' });
}
