/*
 * Scenario: the dashboard asks for the reliability audit over HTTP. The real `GET /api/audit` route
 * handler audits the configured clusters (here an embedded broker and a cluster nobody listens on) and
 * answers the same {findings, summary} as `spillway audit --json`; an unknown cluster is a 404 and bad
 * parameters a 400, each with the reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '../app/api/audit/route';
import type { ApiErrorBody } from '../lib/api/types';
import type { AuditReport } from '../lib/audit/types';
import { configSchema } from '../lib/config';
import { setRuntime } from '../lib/runtime/context';
import { openStore, type Store } from '../lib/store';
import { freePort, startTestBroker, type TestBroker } from './helpers/broker';
import { setTestRuntime } from './helpers/runtime';

let broker: TestBroker;
let store: Store;
let dir: string;

const get = async (query: string) => {
  const res = await GET(new Request(`http://127.0.0.1/api/audit${query}`));
  return { status: res.status, body: (await res.json()) as unknown };
};

beforeAll(async () => {
  broker = await startTestBroker();
  dir = mkdtempSync(path.join(tmpdir(), 'spillway-audit-api-'));
  store = openStore(dir);
  const config = configSchema.parse({
    dataDir: dir,
    clusters: [
      { name: 'embedded', kind: 'embedded', port: broker.broker.port },
      { name: 'gone', kind: 'kafka', brokers: [`127.0.0.1:${await freePort()}`], connectionTimeoutMs: 500 },
    ],
  });
  setTestRuntime(config, store);
});

afterAll(async () => {
  setRuntime(undefined);
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await broker?.close();
});

describe('GET /api/audit', () => {
  it('audits every configured cluster; one that cannot be reached is reported, not a failure', async () => {
    const { status, body } = await get('?observeMs=0');
    expect(status).toBe(200);
    const report = body as AuditReport;
    expect(report.findings.map((f) => `${f.cluster} ${f.target} ${f.check} ${f.severity}`)).toEqual([
      'embedded * embedded.single-node info',
    ]);
    expect(report.summary).toMatchObject({
      total: 1,
      bySeverity: { critical: 0, warning: 0, info: 1 },
      unreachable: ['gone'],
    });
    const gone = report.summary.clusters.find((c) => c.cluster === 'gone');
    expect(gone).toMatchObject({ kind: 'kafka', reachable: false });
    expect(gone?.error).toMatch(/ECONNREFUSED|unavailable/);
  });

  it('audits only the named clusters', async () => {
    const { status, body } = await get('?cluster=embedded&observeMs=0');
    expect(status).toBe(200);
    expect((body as AuditReport).summary.clusters.map((c) => c.cluster)).toEqual(['embedded']);
  });

  it('answers 404 for an unknown cluster and 400 for bad parameters', async () => {
    const unknown = await get('?cluster=embedded,nope');
    expect(unknown.status).toBe(404);
    expect((unknown.body as ApiErrorBody).error).toBe('unknown cluster(s): nope');
    const bad = await get('?observeMs=-5');
    expect(bad.status).toBe(400);
    expect((bad.body as ApiErrorBody).issues?.map((i) => i.path)).toEqual(['observeMs']);
  });
});
