/**
 * Scenario: every mutation route of the running app — discovered from app/**\/route.ts (exported POST, PUT,
 * PATCH, DELETE), never from a list — refuses anonymous callers (401), viewers (403), a missing or wrong
 * CSRF token (403) and viewer-scoped API tokens (403), and lets an operator through (admin for the admin
 * areas). Routes added later by other features are covered automatically: dynamic segments get dummy
 * values and the operator's answer only has to be "not refused by the gate" (a 400/404 is fine).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessFor } from '../lib/auth/policy';
import { concretePath, discoverRoutes, MUTATION_METHODS } from './helpers/routes';
import {
  ensureFreshBuild,
  type RunningApp,
  type Signed,
  signIn,
  startApp,
  userWithRole,
} from './helpers/spillway-app';

const dir = mkdtempSync(path.join(tmpdir(), 'spillway-auth-routes-'));
let app: RunningApp;
let admin: Signed;
let operator: Signed;
let viewer: Signed;
let viewerToken = '';
let operatorToken = '';

const mutations = discoverRoutes().flatMap((r) =>
  r.methods
    .filter((m) => (MUTATION_METHODS as readonly string[]).includes(m))
    .map((method) => ({ method, pattern: r.pattern, path: concretePath(r.pattern), file: r.file })),
);

async function call(method: string, p: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${p}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return res.status;
}

beforeAll(async () => {
  await ensureFreshBuild();
  const config = path.join(dir, 'spillway.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      dataDir: path.join(dir, 'data'),
      clusters: [{ name: 'embedded', kind: 'embedded', port: 0 }],
    }),
  );
  app = await startApp(config, dir);
  admin = await signIn(app.url, 'admin', app.adminPassword);
  operator = await userWithRole(app.url, admin, 'routes-operator', 'operator');
  viewer = await userWithRole(app.url, admin, 'routes-viewer', 'viewer');
  const token = async (name: string, role: string) => {
    const res = await fetch(`${app.url}/api/tokens`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name, role }),
    });
    return ((await res.json()) as { token: string }).token;
  };
  viewerToken = await token('routes-viewer-token', 'viewer');
  operatorToken = await token('routes-operator-token', 'operator');
}, 900_000);

afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('every mutation route, discovered from the route files', () => {
  it('finds the mutation routes (the demo, users and tokens at least)', () => {
    const found = mutations.map((m) => `${m.method} ${m.pattern}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'POST /api/demo',
        'DELETE /api/demo',
        'POST /api/users',
        'DELETE /api/tokens/[name]',
      ]),
    );
  });

  it.each(mutations)(
    '$method $pattern: 401 anonymous, 403 viewer / no CSRF / bad CSRF / viewer token, allowed for its role',
    async ({ method, path: p }) => {
      expect(await call(method, p), 'anonymous').toBe(401);
      expect(await call(method, p, viewer.headers), 'viewer').toBe(403);
      expect(await call(method, p, { cookie: operator.cookie }), 'operator without CSRF').toBe(403);
      expect(
        await call(method, p, { cookie: operator.cookie, 'x-spillway-csrf': viewer.csrf }),
        'operator, another session CSRF',
      ).toBe(403);
      expect(await call(method, p, { authorization: `Bearer ${viewerToken}` }), 'viewer token').toBe(403);
      expect(await call(method, p, { authorization: 'Bearer spl_not-a-real-token' }), 'unknown token').toBe(
        401,
      );
      const needed = accessFor(method, p);
      const allowed = needed.kind === 'signed-in' && needed.role === 'admin' ? admin : operator;
      if (allowed === admin)
        expect(await call(method, p, operator.headers), 'operator on an admin route').toBe(403);
      const status = await call(method, p, allowed.headers);
      expect(
        [401, 403],
        `${method} ${p} as ${allowed === admin ? 'admin' : 'operator'} got ${status}`,
      ).not.toContain(status);
      if (allowed !== admin) {
        const byToken = await call(method, p, { authorization: `Bearer ${operatorToken}` });
        expect([401, 403], `operator token got ${byToken}`).not.toContain(byToken);
        expect(
          await call(method, p, { authorization: `Bearer ${operatorToken}`, origin: 'https://evil.example' }),
        ).toBe(403);
      }
    },
  );

  it('refuses non-GET requests to pages (server actions) the same way', async () => {
    expect(await call('POST', '/')).toBe(401);
    expect(await call('POST', '/', viewer.headers)).toBe(403);
    expect(await call('POST', '/', { cookie: operator.cookie })).toBe(403);
  });

  it('records the refusals in the audit log', async () => {
    const res = await fetch(`${app.url}/api/audit-log?result=denied&actor=routes-viewer&limit=1000`, {
      headers: { cookie: admin.cookie },
    });
    const { entries } = (await res.json()) as { entries: { action: string; target: string }[] };
    expect(entries.length).toBeGreaterThanOrEqual(mutations.length);
    expect(entries.map((e) => e.target)).toContain('POST /api/demo');
  });
});
