// OIDC sign-in through the gate against a small provider written here (discovery, authorize, token, JWKS;
// RS256 ID tokens; PKCE checked): no real identity provider can run in the test environment.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { openStore, type Store } from '../store';
import { authSchema } from './config';
import { createGate } from './gate';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const CLIENT_ID = 'spillway-test';
const CLIENT_SECRET = 'oidc-client-secret';
let issuer = '';
let claimsOverride: Record<string, unknown> = {};
const codes = new Map<string, { challenge: string; nonce: string; redirect: string }>();
let provider: Server;
let app: Server;
let appUrl = '';
let store: Store;
const dir = mkdtempSync(path.join(tmpdir(), 'spillway-oidc-'));

function idToken(claims: Record<string, unknown>): string {
  const h = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1', typ: 'JWT' })).toString('base64url');
  const p = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${h}.${p}.${sign('sha256', Buffer.from(`${h}.${p}`), privateKey).toString('base64url')}`;
}

beforeAll(async () => {
  provider = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
      });
    if (url.pathname === '/jwks')
      return json(200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256' }] });
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== CLIENT_ID || q.get('code_challenge_method') !== 'S256') return json(400, {});
      const code = randomBytes(8).toString('hex');
      codes.set(code, {
        challenge: q.get('code_challenge') ?? '',
        nonce: q.get('nonce') ?? '',
        redirect: q.get('redirect_uri') ?? '',
      });
      res.writeHead(302, { location: `${q.get('redirect_uri')}?code=${code}&state=${q.get('state')}` }).end();
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const c of req) body += String(c);
      const form = new URLSearchParams(body);
      const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const pkce = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      if (
        req.headers.authorization !== `Basic ${basic}` ||
        !grant ||
        pkce !== grant.challenge ||
        form.get('redirect_uri') !== grant.redirect
      )
        return json(400, { error: 'invalid_grant' });
      const now = Math.floor(Date.now() / 1000);
      return json(200, {
        id_token: idToken({
          iss: issuer,
          aud: CLIENT_ID,
          sub: 'u-1',
          preferred_username: 'olga',
          nonce: grant.nonce,
          exp: now + 300,
          iat: now,
          ...claimsOverride,
        }),
      });
    }
    json(404, {});
  });
  await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
  store = openStore(dir);
  const gate = createGate({
    store,
    config: authSchema.parse({
      oidc: { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, defaultRole: 'operator' },
    }),
    tls: false,
    log: createLogger('test', { write: () => {} }),
  });
  app = createServer((req, res) => void gate.handle(req, res, () => void res.end('app')));
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

afterAll(() => {
  app.close();
  provider.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Start → provider → callback, as the browser would follow the redirects. */
async function signInThroughProvider(next = '/clusters/a') {
  const start = await fetch(`${appUrl}/api/auth/oidc/start?next=${encodeURIComponent(next)}`, {
    redirect: 'manual',
  });
  expect(start.status).toBe(303);
  const authorize = new URL(start.headers.get('location') ?? '');
  expect(authorize.origin).toBe(issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const back = await fetch(authorize, { redirect: 'manual' });
  return fetch(back.headers.get('location') ?? '', { redirect: 'manual' });
}

describe('OIDC sign-in (authorization code + PKCE, discovery, JWKS)', () => {
  it('creates the user with the default role, opens a session and returns to next', async () => {
    const cb = await signInThroughProvider();
    expect(cb.status).toBe(303);
    expect(cb.headers.get('location')).toBe('/clusters/a');
    const cookie = cb.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const session = (await (await fetch(`${appUrl}/api/auth/session`, { headers: { cookie } })).json()) as {
      name: string;
      role: string;
    };
    expect(session).toMatchObject({ name: 'olga', role: 'operator' });
    expect(store.users.get('olga')).toMatchObject({ source: 'oidc', passwordHash: null });
    expect(store.auditLog.list({ action: 'auth.login', actor: 'olga' })[0]).toMatchObject({
      result: 'ok',
      params: { via: 'oidc' },
    });
  });

  it('refuses an ID token for another client, with a wrong nonce, or expired', async () => {
    for (const bad of [{ aud: 'someone-else' }, { nonce: 'forged' }, { exp: 1000 }]) {
      claimsOverride = bad;
      const cb = await signInThroughProvider();
      expect(cb.status).toBe(303);
      expect(cb.headers.get('location')).toMatch(/^\/login\?error=/);
      expect(cb.headers.getSetCookie()).toEqual([]);
    }
    claimsOverride = {};
    expect(store.auditLog.list({ action: 'auth.login', result: 'error' }).length).toBe(3);
  });

  it('refuses a replayed or unknown state', async () => {
    const cb = await fetch(`${appUrl}/api/auth/oidc/callback?code=x&state=never-issued`, {
      redirect: 'manual',
    });
    expect(cb.headers.get('location')).toMatch(/^\/login\?error=unknown/);
  });
});
