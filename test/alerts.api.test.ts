/*
 * Scenario: an operator reads the alert history over HTTP. Alerts recorded by the dispatcher in SQLite are
 * served by the real `GET /api/alerts` route handler, newest first, filtered and paged; bad query
 * parameters get a 400 with the reason; webhook paths and header values never appear in a response.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '../app/api/alerts/route';
import { AlertDispatcher } from '../lib/alerts/dispatcher';
import type { AlertsResponse } from '../lib/alerts/records';
import type { ApiErrorBody } from '../lib/api/types';
import { configSchema } from '../lib/config';
import { createLogger } from '../lib/logger';
import { setRuntime } from '../lib/runtime/context';
import { openStore, type Store } from '../lib/store';
import { setTestRuntime } from './helpers/runtime';

let dir: string;
let store: Store;

const get = async (query = '') => {
  const res = GET(new Request(`http://127.0.0.1/api/alerts${query}`));
  return { status: res.status, text: await res.text() };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'spillway-alerts-api-'));
  store = openStore(dir);
  const config = configSchema.parse({
    dataDir: dir,
    // Port 9 (discard) on loopback: deliveries fail fast; only the history matters here.
    alerts: {
      webhooks: [{ url: 'http://127.0.0.1:9/secret-path', headers: { authorization: 'Bearer hunter2' } }],
      retries: 0,
    },
  });
  setTestRuntime(config, store);
  const dispatcher = new AlertDispatcher({
    alerts: config.alerts,
    repo: store.alerts,
    log: createLogger('alerts', { write: () => undefined }),
  });
  const t = { cluster: 'prod', kind: 'group' as const, lag: 10, lagSeconds: 1, at: Date.UTC(2025, 0, 1) };
  dispatcher.onTransitions([
    { ...t, entity: 'billing', from: 'OK', to: 'STOP' },
    { ...t, entity: 'billing', from: 'STOP', to: 'OK' },
    { ...t, entity: 'shipping', from: null, to: 'STALL' },
    { ...t, entity: 'shipping', from: 'STALL', to: 'WARN' }, // not alerted
  ]);
  await dispatcher.idle();
});

afterAll(() => {
  setRuntime(undefined);
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/alerts', () => {
  it('lists the recorded alerts newest first, with their deliveries', async () => {
    const { status, text } = await get();
    expect(status).toBe(200);
    const body = JSON.parse(text) as AlertsResponse;
    expect(body.alerts.map((a) => `${a.entity} ${a.from ?? 'new'}→${a.to}`)).toEqual([
      'shipping new→STALL',
      'billing STOP→OK',
      'billing OK→STOP',
    ]);
    expect(body.alerts[0]?.deliveries).toEqual([
      expect.objectContaining({ webhook: 0, url: 'http://127.0.0.1:9/…', status: 'failed', attempts: 1 }),
    ]);
    expect(body.nextBefore).toBeNull();
    expect(body.webhooks).toEqual([{ index: 0, url: 'http://127.0.0.1:9/…' }]);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('secret-path');
  });

  it('filters by entity and pages with before', async () => {
    const page1 = JSON.parse((await get('?limit=2')).text) as AlertsResponse;
    expect(page1.alerts).toHaveLength(2);
    expect(page1.nextBefore).toBe(page1.alerts[1]?.id);
    const page2 = JSON.parse((await get(`?limit=2&before=${page1.nextBefore}`)).text) as AlertsResponse;
    expect(page2.alerts.map((a) => a.to)).toEqual(['STOP']);
    const billing = JSON.parse((await get('?entity=billing&kind=group&cluster=prod')).text) as AlertsResponse;
    expect(billing.alerts.map((a) => a.to)).toEqual(['OK', 'STOP']);
  });

  it('answers 400 with the reason for bad parameters', async () => {
    const { status, text } = await get('?limit=0&kind=topic&bogus=1');
    expect(status).toBe(400);
    const body = JSON.parse(text) as ApiErrorBody;
    expect(body.error).toBe('invalid query parameters');
    expect(body.issues?.map((i) => i.path).sort()).toEqual(['(root)', 'kind', 'limit']);
  });
});
