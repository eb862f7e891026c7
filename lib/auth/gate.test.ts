// The request gate in front of a stub "Next.js" handler: authentication, roles, CSRF, tokens, expiry,
// rate limit, body limits and headers, over real HTTP and a real SQLite store.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { openStore, type Store } from '../store';
import { ACTOR_HEADER } from './actor';
import { authSchema } from './config';
import { createGate } from './gate';
import { addUser, createToken } from './users';

let store: Store;
let server: Server;
let base = '';
let clock = 1_000_000;
const dir = mkdtempSync(path.join(tmpdir(), 'spillway-gate-'));
const seen: { actor: string | undefined; path: string }[] = [];

beforeAll(async () => {
  store = openStore(dir);
  const gate = createGate({
    store,
    config: authSchema.parse({ sessionIdleMinutes: 30, sessionMaxHours: 12, loginMaxFailures: 5 }),
    tls: false,
    log: createLogger('test', { write: () => {} }),
    now: () => clock,
  });
  server = createServer((req, res) => {
    void gate.handle(req, res, () => {
      const actor = req.headers[ACTOR_HEADER];
      seen.push({ actor: Array.isArray(actor) ? actor[0] : actor, path: req.url ?? '' });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ reached: true, actor: actor ?? null }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await addUser(store, 'vic', 'viewer', 'viewer-password-1');
  await addUser(store, 'otto', 'operator', 'operator-password-1');
  await addUser(store, 'ada', 'admin', 'admin-password-12');
}, 30_000);

afterAll(() => {
  server.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function login(name: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const cookies = res.headers.getSetCookie();
  const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
  const body = (await res.json()) as { csrf?: string; role?: string; error?: string };
  return { res, cookie, csrf: body.csrf ?? '', body, cookies };
}

const post = (p: string, headers: Record<string, string>, body = '{}') =>
  fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('the request gate', () => {
  it('signs in with the right password only, with httpOnly SameSite=Strict cookies and an audit entry', async () => {
    const ok = await login('otto', 'operator-password-1');
    expect(ok.res.status).toBe(200);
    expect(ok.body.role).toBe('operator');
    expect(ok.cookies.find((c) => c.startsWith('spillway_session='))).toMatch(/HttpOnly.*|SameSite=Strict/);
    expect(ok.cookies.find((c) => c.startsWith('spillway_session='))).toContain('SameSite=Strict');
    expect(ok.cookies.find((c) => c.startsWith('spillway_session='))).toContain('HttpOnly');
    expect(ok.cookies.find((c) => c.startsWith('spillway_session='))).not.toContain('Secure');
    const bad = await login('otto', 'wrong-password-xx');
    expect(bad.res.status).toBe(401);
    const entries = store.auditLog.list({ action: 'auth.login', actor: 'otto' });
    expect(entries.map((e) => e.result)).toEqual(['error', 'ok']);
  });

  it('redirects pages and refuses API reads without a session; minimal health stays public', async () => {
    const page = await fetch(`${base}/clusters/x?tab=1`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/clusters/x?tab=1')}`);
    expect((await fetch(`${base}/api/lag`)).status).toBe(401);
    const health = await fetch(`${base}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/login`)).status).toBe(200);
  });

  it('lets a viewer read, refuses its mutations (403), and strips a forged actor header', async () => {
    const v = await login('vic', 'viewer-password-1');
    const read = await fetch(`${base}/api/lag`, {
      headers: { cookie: v.cookie, [ACTOR_HEADER]: '{"name":"evil","role":"admin","via":"session"}' },
    });
    expect(read.status).toBe(200);
    expect(JSON.parse(((await read.json()) as { actor: string }).actor)).toEqual({
      name: 'vic',
      role: 'viewer',
      via: 'session',
    });
    const mut = await post('/api/demo', { cookie: v.cookie, 'x-spillway-csrf': v.csrf });
    expect(mut.status).toBe(403);
    expect(store.auditLog.list({ actor: 'vic', result: 'denied' })[0]?.target).toBe('POST /api/demo');
  });

  it('needs an operator and the session CSRF token for a mutation', async () => {
    const o = await login('otto', 'operator-password-1');
    expect((await post('/api/demo', {})).status).toBe(401);
    expect((await post('/api/demo', { cookie: o.cookie })).status).toBe(403);
    expect((await post('/api/demo', { cookie: o.cookie, 'x-spillway-csrf': 'nope' })).status).toBe(403);
    const other = await login('ada', 'admin-password-12');
    expect((await post('/api/demo', { cookie: o.cookie, 'x-spillway-csrf': other.csrf })).status).toBe(403);
    expect((await post('/api/demo', { cookie: o.cookie, 'x-spillway-csrf': o.csrf })).status).toBe(200);
    expect((await post('/API/%75sers', { cookie: o.cookie, 'x-spillway-csrf': o.csrf })).status).toBe(403);
    expect((await post('/api/users/x/../y', { cookie: o.cookie, 'x-spillway-csrf': o.csrf })).status).toBe(
      403,
    );
  });

  it('bounds request bodies by path prefix', async () => {
    const o = await login('otto', 'operator-password-1');
    const h = { cookie: o.cookie, 'x-spillway-csrf': o.csrf };
    const big = 'x'.repeat(1024 * 1024 + 1);
    expect((await post('/api/demo', h, big)).status).toBe(413);
    expect((await post('/api/replay/upload', h, big)).status).toBe(200);
  });

  it('authenticates Bearer tokens by role; a viewer token cannot mutate, cross-origin token calls are refused', async () => {
    const viewer = createToken(store, 'ci-read', 'viewer', 'ada').token;
    const op = createToken(store, 'ci-op', 'operator', 'ada').token;
    expect(viewer).toMatch(/^spl_/);
    expect((await fetch(`${base}/api/lag`, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(
      200,
    );
    expect((await post('/api/demo', { authorization: `Bearer ${viewer}` })).status).toBe(403);
    expect((await post('/api/demo', { authorization: `Bearer ${op}` })).status).toBe(200);
    expect(
      (await post('/api/demo', { authorization: `Bearer ${op}`, origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect((await fetch(`${base}/api/lag`, { headers: { authorization: 'Bearer spl_wrong' } })).status).toBe(
      401,
    );
    store.apiTokens.revoke('ci-op');
    expect((await post('/api/demo', { authorization: `Bearer ${op}` })).status).toBe(401);
  });

  it('ends sessions after the idle and the absolute timeout, and on logout', async () => {
    const idle = await login('vic', 'viewer-password-1');
    clock += 29 * 60_000;
    expect((await fetch(`${base}/api/lag`, { headers: { cookie: idle.cookie } })).status).toBe(200);
    clock += 30 * 60_000 + 1;
    expect((await fetch(`${base}/api/lag`, { headers: { cookie: idle.cookie } })).status).toBe(401);

    const abs = await login('vic', 'viewer-password-1');
    for (let i = 0; i < 25; i++) {
      clock += 29 * 60_000;
      const s = (await fetch(`${base}/api/lag`, { headers: { cookie: abs.cookie } })).status;
      if (i < 24) expect(s).toBe(200);
      else expect(s).toBe(401); // 25 × 29 min > 12 h
    }

    const out = await login('vic', 'viewer-password-1');
    expect((await post('/api/auth/logout', { cookie: out.cookie, 'x-spillway-csrf': out.csrf })).status).toBe(
      200,
    );
    expect((await fetch(`${base}/api/lag`, { headers: { cookie: out.cookie } })).status).toBe(401);
  });

  it('rate-limits failed sign-ins per user (429 with Retry-After), even with the right password', async () => {
    await addUser(store, 'rita', 'viewer', 'rita-password-12');
    for (let i = 0; i < 5; i++) expect((await login('rita', `wrong-${i}-password`)).res.status).toBe(401);
    const limited = await login('rita', 'rita-password-12');
    expect(limited.res.status).toBe(429);
    expect(Number(limited.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(store.auditLog.list({ actor: 'rita', result: 'denied' })).toHaveLength(1);
    clock += 61_000;
    expect((await login('rita', 'rita-password-12')).res.status).toBe(200);
  });

  it('sets the security headers on every response', async () => {
    for (const res of [await fetch(`${base}/api/lag`), await fetch(`${base}/login`)]) {
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('content-security-policy')).toMatch(
        /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});

describe('the gate behind TLS', () => {
  it('marks the session and CSRF cookies Secure and sends HSTS', async () => {
    const gate = createGate({
      store,
      config: authSchema.parse({}),
      tls: true,
      log: createLogger('test', { write: () => {} }),
    });
    const tlsServer = createServer(
      (req, res) =>
        void gate.handle(req, res, () => {
          res.end('ok');
        }),
    );
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(
        `http://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/api/auth/login`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'ada', password: 'admin-password-12' }),
        },
      );
      expect(res.status).toBe(200);
      const cookies = res.headers.getSetCookie();
      expect(cookies).toHaveLength(2);
      for (const c of cookies) expect(c).toMatch(/; Secure/);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    } finally {
      tlsServer.close();
    }
  });
});
