/**
 * Scenario: clusters are configured with known SASL, AMQP and management passwords, a webhook token and an
 * OIDC client secret (one of them through ${ENV}); the clusters are unreachable so their errors are shown.
 * The embedded broker requires SASL/PLAIN with a known password too.
 * An admin crawls every API GET route and every page (both discovered from app/), plus the gate's own
 * endpoints; no secret may appear in any response body or header, nor in the process's logs. The first
 * admin password appears once on stdout and never in the logs; a created API token never again after the
 * answer that created it.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concretePath, discoverPages, discoverRoutes } from './helpers/routes';
import { eventually, uniqueName } from './helpers/services';
import { ensureFreshBuild, type RunningApp, type Signed, signIn, startApp } from './helpers/spillway-app';

const SECRETS = {
  kafka: `kafka-${uniqueName('SECRET')}`,
  amqp: `amqp${uniqueName('SECRET').replace(/[^A-Za-z0-9]/g, '')}`,
  management: `mgmt-${uniqueName('SECRET')}`,
  webhook: `hook-${uniqueName('SECRET')}`,
  oidc: `oidc-${uniqueName('SECRET')}`,
  broker: `broker-${uniqueName('SECRET')}`,
};

const dir = mkdtempSync(path.join(tmpdir(), 'spillway-auth-secrets-'));
let app: RunningApp;
let admin: Signed;
let apiToken = '';
const CLUSTERS = ['embedded', 'secure-kafka', 'secure-rabbit'];

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function assertClean(where: string, text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    expect(text.includes(secret), `${name} secret appears in ${where}`).toBe(false);
  }
  expect(text.includes(app.adminPassword), `the admin password appears in ${where}`).toBe(false);
  if (apiToken) expect(text.includes(apiToken), `the API token appears in ${where}`).toBe(false);
}

beforeAll(async () => {
  await ensureFreshBuild();
  const [kafkaPort, amqpPort, mgmtPort] = [await closedPort(), await closedPort(), await closedPort()];
  const config = path.join(dir, 'spillway.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      dataDir: path.join(dir, 'data'),
      sampler: { intervalMs: 500 },
      alerts: {
        webhooks: [
          { url: 'http://127.0.0.1:9/hook', headers: { authorization: `Bearer ${SECRETS.webhook}` } },
        ],
      },
      auth: {
        oidc: {
          issuer: 'https://login.example.com',
          clientId: 'spillway',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: Spillway's own ${ENV} interpolation
          clientSecret: '${TEST_OIDC_SECRET}',
        },
      },
      clusters: [
        {
          name: 'embedded',
          kind: 'embedded',
          port: 0,
          // The embedded broker requires SASL/PLAIN; Spillway's own clients log in as this user.
          sasl: { users: [{ username: 'spillway', password: SECRETS.broker }] },
        },
        {
          name: 'secure-kafka',
          kind: 'kafka',
          brokers: [`127.0.0.1:${kafkaPort}`],
          // biome-ignore lint/suspicious/noTemplateCurlyInString: Spillway's own ${ENV} interpolation
          sasl: { mechanism: 'plain', username: 'spillway', password: '${TEST_KAFKA_PASSWORD}' },
          connectionTimeoutMs: 300,
          requestTimeoutMs: 500,
        },
        {
          name: 'secure-rabbit',
          kind: 'rabbitmq',
          amqpUrl: `amqp://spillway:${SECRETS.amqp}@127.0.0.1:${amqpPort}/prod`,
          managementUrl: `http://127.0.0.1:${mgmtPort}`,
          managementUser: 'spillway',
          managementPassword: SECRETS.management,
        },
      ],
    }),
  );
  app = await startApp(config, dir, { TEST_KAFKA_PASSWORD: SECRETS.kafka, TEST_OIDC_SECRET: SECRETS.oidc });
  admin = await signIn(app.url, 'admin', app.adminPassword);
  // Wait until both unreachable clusters have reported an error (the text most likely to leak a secret).
  await eventually(
    async () => {
      const res = await fetch(`${app.url}/api/lag/clusters`, { headers: { cookie: admin.cookie } });
      const text = await res.text();
      // The embedded broker requires SASL: a successful round proves Spillway's own clients logged in.
      const clusters = (JSON.parse(text) as { clusters?: { cluster: string; reachable: boolean | null }[] })
        .clusters;
      expect(clusters?.find((c) => c.cluster === 'embedded')?.reachable).toBe(true);
      expect(text).toMatch(/secure-kafka[\s\S]*lastError":"[^"]/);
      expect(text).toMatch(/secure-rabbit[\s\S]*lastError":"[^"]/);
      return true;
    },
    { timeoutMs: 30_000, what: 'errors of both unreachable clusters' },
  );
  const res = await fetch(`${app.url}/api/tokens`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'crawl-token', role: 'viewer' }),
  });
  apiToken = ((await res.json()) as { token: string }).token;
}, 900_000);

afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('secrets never leave the server', () => {
  const apiPaths = discoverRoutes()
    .filter((r) => r.methods.includes('GET'))
    .flatMap((r) => CLUSTERS.map((cluster) => concretePath(r.pattern, { cluster, vhost: 'prod', '*': 'x' })));
  const pagePaths = discoverPages().flatMap((p) =>
    CLUSTERS.map((cluster) => concretePath(p, { cluster, vhost: 'prod', '*': 'x' })),
  );

  it('no API response, page or header carries a configured secret, the admin password or an API token', async () => {
    const paths = [...new Set([...apiPaths, ...pagePaths, '/api/auth/session', '/api/auth/oidc/start'])];
    expect(paths).toEqual(
      expect.arrayContaining(['/api/lag/clusters', '/api/clusters', '/metrics', '/audit-log']),
    );
    let crawled = 0;
    for (const p of paths) {
      const res = await fetch(`${app.url}${p}`, { headers: { cookie: admin.cookie }, redirect: 'manual' });
      const body = await res.text();
      assertClean(`GET ${p} (${res.status})`, body + JSON.stringify([...res.headers]));
      crawled++;
    }
    expect(crawled).toBeGreaterThan(20);
    const clusters = await (
      await fetch(`${app.url}/api/lag/clusters`, { headers: { cookie: admin.cookie } })
    ).text();
    expect(clusters).toContain('secure-rabbit');
  });

  it('nor do the logs; the admin password was printed once on stdout', async () => {
    assertClean('stderr (the log)', app.stderr());
    const stdout = app.stdout();
    expect(stdout.split(app.adminPassword).length - 1).toBe(1);
    assertClean('stdout apart from the first-start line', stdout.replace(app.adminPassword, ''));
  });
});
