/*
 * Scenario: the sampler hands status transitions to the alerts dispatcher. Transitions into STOP and back
 * to OK are recorded in SQLite and POSTed as JSON to a real local HTTP receiver, with the configured
 * headers, deduplicated, retried after a 500, and a receiver that never answers times out without ever
 * holding up onTransitions (ordering asserted with events, never with wall-clock time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertDispatcher, type AlertEvent } from '../lib/alerts/dispatcher';
import type { AlertPayload } from '../lib/alerts/payload';
import type { StatusTransition } from '../lib/alerts/types';
import { createLogger } from '../lib/logger';
import { openStore, type Store } from '../lib/store';

interface Received {
  headers: IncomingMessage['headers'];
  body: AlertPayload;
}

type Reply = { status: number } | 'hang';

/** A webhook receiver on a free loopback port; `reply` decides the answer to each request. */
async function receiver(reply: (n: number) => Reply, onRequest?: (r: Received) => void) {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertPayload,
      };
      requests.push(r);
      onRequest?.(r);
      const answer = reply(requests.length);
      if (answer === 'hang') return; // never answers
      res.statusCode = answer.status;
      res.end(answer.status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/spillway`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, requests, close };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(
  url: string,
  opts: { timeoutMs?: number; retries?: number; headers?: Record<string, string> } = {},
) {
  const dir = mkdtempSync(path.join(tmpdir(), 'spillway-alerts-'));
  const store: Store = openStore(dir);
  const logLines: string[] = [];
  const events: AlertEvent[] = [];
  const dispatcher = new AlertDispatcher({
    alerts: {
      webhooks: [{ url, headers: opts.headers ?? {} }],
      timeoutMs: opts.timeoutMs ?? 2000,
      retries: opts.retries ?? 3,
    },
    repo: store.alerts,
    log: createLogger('alerts', { level: 'debug', write: (l) => logLines.push(l) }),
    backoff: { initialMs: 10, maxMs: 20 },
    onEvent: (e) => events.push(e),
  });
  cleanups.push(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  cleanups.push(() => dispatcher.stop());
  return { store, dispatcher, logLines, events };
}

const transition = (over: Partial<StatusTransition> = {}): StatusTransition => ({
  cluster: 'prod',
  kind: 'group',
  entity: 'billing',
  from: 'OK',
  to: 'STOP',
  at: Date.UTC(2025, 0, 1, 12, 0, 0),
  lag: 1500,
  lagSeconds: 42,
  ...over,
});

describe('alerts → webhooks', () => {
  it('POSTs OK→STOP and STOP→OK once each, with the configured headers, and records them', async () => {
    const hook = await receiver(() => ({ status: 204 }));
    cleanups.push(hook.close);
    const secret = 'Bearer t0ps3cret-value';
    const { dispatcher, store, logLines } = setup(hook.url, {
      headers: { authorization: secret, 'x-team': 'payments' },
    });

    dispatcher.onTransitions([transition(), transition()]); // the same transition twice in a row
    dispatcher.onTransitions([transition()]);
    dispatcher.onTransitions([transition({ from: 'STOP', to: 'OK', lag: 0, lagSeconds: 0 })]);
    dispatcher.onTransitions([transition({ from: 'STOP', to: 'OK', lag: 0, lagSeconds: 0 })]);
    await dispatcher.idle();

    expect(hook.requests.map((r) => `${r.body.from}→${r.body.to}`)).toEqual(['OK→STOP', 'STOP→OK']);
    const [stop, ok] = hook.requests;
    expect(stop?.body).toMatchObject({
      type: 'spillway.status-transition',
      version: 1,
      state: 'firing',
      cluster: 'prod',
      kind: 'group',
      entity: 'billing',
      from: 'OK',
      to: 'STOP',
      at: '2025-01-01T12:00:00.000Z',
      lag: 1500,
      lagSeconds: 42,
    });
    expect(ok?.body.state).toBe('resolved');
    expect(stop?.headers.authorization).toBe(secret);
    expect(stop?.headers['x-team']).toBe('payments');
    expect(stop?.headers['content-type']).toBe('application/json');

    const history = store.alerts.list({ limit: 10 });
    expect(history.map((a) => `${a.from}→${a.to}`)).toEqual(['STOP→OK', 'OK→STOP']);
    expect(
      history.every((a) => a.deliveries[0]?.status === 'delivered' && a.deliveries[0].attempts === 1),
    ).toBe(true);
    expect(history[0]?.deliveries[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…$/);
    // Never a header value (nor the webhook path) in a log line.
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain('t0ps3cret');
    expect(logLines.join('\n')).not.toContain('/hooks/spillway');
  });

  it('retries after a 500 and the retry is accepted; the body is the same, the attempt header counts', async () => {
    const hook = await receiver((n) => ({ status: n === 1 ? 500 : 200 }));
    cleanups.push(hook.close);
    const { dispatcher, store, events } = setup(hook.url);

    dispatcher.onTransitions([transition({ kind: 'queue', entity: '//orders', from: null, to: 'ERR' })]);
    await dispatcher.idle();

    expect(hook.requests).toHaveLength(2);
    expect(hook.requests[0]?.body).toEqual(hook.requests[1]?.body);
    expect(hook.requests.map((r) => r.headers['x-spillway-attempt'])).toEqual(['1', '2']);
    expect(
      events.filter((e) => e.type === 'attempt').map((e) => e.type === 'attempt' && e.result.ok),
    ).toEqual([false, true]);
    const [row] = store.alerts.list({ limit: 1 });
    expect(row?.deliveries[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
      httpStatus: 200,
      lastError: null,
    });
  });

  it('a receiver that never answers times out while onTransitions keeps returning at once', async () => {
    const order: string[] = [];
    let seen!: () => void;
    const firstSeen = new Promise<void>((resolve) => {
      seen = resolve;
    });
    const hook = await receiver(
      () => 'hang',
      (r) => {
        order.push(`received ${r.body.entity}`);
        seen();
      },
    );
    cleanups.push(hook.close);
    const { dispatcher, store, events, logLines } = setup(hook.url, { timeoutMs: 200, retries: 1 });
    const failed = (entity: string) =>
      new Promise<void>((resolve) => {
        const check = setInterval(() => {
          const alert = store.alerts.list({ entity, limit: 1 })[0];
          if (alert?.deliveries[0]?.status === 'failed') {
            clearInterval(check);
            order.push(`failed ${entity}`);
            resolve();
          }
        }, 5);
      });

    dispatcher.onTransitions([transition({ entity: 'a' })]);
    order.push('returned a');
    await firstSeen;
    dispatcher.onTransitions([transition({ entity: 'b' })]);
    order.push('returned b');
    await Promise.all([failed('a'), failed('b')]);

    expect(order.slice(0, 3)).toEqual(['returned a', 'received a', 'returned b']);
    expect(order.indexOf('failed a')).toBeGreaterThan(order.indexOf('returned b'));
    const a = store.alerts.list({ entity: 'a', limit: 1 })[0];
    expect(a?.deliveries[0]).toMatchObject({
      status: 'failed',
      attempts: 2,
      httpStatus: null,
      lastError: 'no answer within 200 ms',
    });
    expect(events.some((e) => e.type === 'failed' && e.error === 'no answer within 200 ms')).toBe(true);
    expect(logLines.some((l) => l.includes('alert not delivered'))).toBe(true);
  });

  it('stop() aborts a delivery in flight and records it as failed; later alerts are recorded, not sent', async () => {
    let seen!: () => void;
    const firstSeen = new Promise<void>((resolve) => {
      seen = resolve;
    });
    const hook = await receiver(
      () => 'hang',
      () => seen(),
    );
    cleanups.push(hook.close);
    const { dispatcher, store } = setup(hook.url, { timeoutMs: 60_000, retries: 3 });
    dispatcher.onTransitions([transition({ entity: 'a' })]);
    await firstSeen;
    await dispatcher.stop();
    expect(store.alerts.list({ entity: 'a', limit: 1 })[0]?.deliveries[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'not delivered: Spillway stopped during delivery',
    });
    dispatcher.onTransitions([transition({ entity: 'b' })]);
    await dispatcher.idle();
    expect(store.alerts.list({ entity: 'b', limit: 1 })[0]?.deliveries[0]).toMatchObject({
      status: 'failed',
      attempts: 0,
      lastError: 'not delivered: Spillway stopped first',
    });
    expect(hook.requests).toHaveLength(1);
  });

  it('never throws into the sampler, even when the store is gone', async () => {
    const hook = await receiver(() => ({ status: 200 }));
    cleanups.push(hook.close);
    const { dispatcher, store, events } = setup(hook.url);
    store.close();
    expect(() => dispatcher.onTransitions([transition()])).not.toThrow();
    await dispatcher.idle();
    expect(events.some((e) => e.type === 'error' && e.message.includes('could not record an alert'))).toBe(
      true,
    );
    expect(hook.requests).toHaveLength(0);
  });

  it('remembers what it alerted across restarts: the same transition after a restart is not resent', async () => {
    const hook = await receiver(() => ({ status: 200 }));
    cleanups.push(hook.close);
    const first = setup(hook.url);
    first.dispatcher.onTransitions([transition()]);
    await first.dispatcher.idle();
    // A second dispatcher on the same store (a restarted process): the sampler sees the group anew.
    const again = new AlertDispatcher({
      alerts: { webhooks: [{ url: hook.url, headers: {} }], timeoutMs: 1000, retries: 0 },
      repo: first.store.alerts,
      log: createLogger('alerts', { write: () => undefined }),
    });
    again.onTransitions([transition({ from: null })]);
    again.onTransitions([transition({ from: 'STOP', to: 'OK' })]);
    await again.idle();
    expect(hook.requests.map((r) => r.body.to)).toEqual(['STOP', 'OK']);
  });
});
