/*
 * Scenario: end to end, the real lag sampler watches a RabbitMQ queue that nobody consumes (status STOP),
 * then a consumer drains it (back to OK). The alerts dispatcher, registered as the sampler's sink, POSTs
 * exactly those two transitions to a real local webhook receiver and records them in SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Channel, ChannelModel } from 'amqplib';
import { connect } from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AlertDispatcher } from '../lib/alerts/dispatcher';
import type { AlertPayload } from '../lib/alerts/payload';
import { configSchema } from '../lib/config';
import { LagSampler } from '../lib/lag/sampler/sampler';
import { createLogger } from '../lib/logger';
import { openStore, type Store } from '../lib/store';
import {
  describeService,
  eventually,
  managementFetch,
  RABBITMQ_MANAGEMENT,
  RABBITMQ_URL,
  uniqueName,
} from './helpers/services';

describeService(['rabbitmq', 'rabbitmq-management'], 'alerts from the sampler', () => {
  const vhost = uniqueName('alerts-vhost');
  const v = encodeURIComponent(vhost);
  const received: AlertPayload[] = [];
  let server: Server;
  let connection: ChannelModel;
  let channel: Channel;
  let store: Store;
  let dir: string;
  let dispatcher: AlertDispatcher;
  let sampler: LagSampler;

  const put = async (p: string, body: unknown) => {
    const res = await managementFetch(p, { method: 'PUT', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`PUT ${p}: HTTP ${res.status}`);
  };

  beforeAll(async () => {
    await put(`/api/vhosts/${v}`, {});
    await put(`/api/permissions/${v}/${encodeURIComponent(RABBITMQ_MANAGEMENT.username)}`, {
      configure: '.*',
      write: '.*',
      read: '.*',
    });
    const url = new URL(RABBITMQ_URL);
    url.pathname = `/${v}`;
    connection = await connect(url.toString());
    channel = await connection.createChannel();
    await channel.assertQueue('orders', { durable: true });
    for (let i = 0; i < 20; i++)
      channel.sendToQueue('orders', Buffer.from(`order ${i}`), { persistent: true });

    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertPayload);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

    dir = mkdtempSync(path.join(tmpdir(), 'spillway-alerts-e2e-'));
    store = openStore(dir);
    const config = configSchema.parse({
      dataDir: dir,
      alerts: { webhooks: [{ url: hook }], retries: 2 },
      clusters: [
        {
          name: 'rabbit',
          kind: 'rabbitmq',
          amqpUrl: RABBITMQ_URL,
          managementUrl: RABBITMQ_MANAGEMENT.baseUrl,
          managementUser: RABBITMQ_MANAGEMENT.username,
          managementPassword: RABBITMQ_MANAGEMENT.password,
          vhosts: [vhost],
        },
      ],
    });
    const quiet = createLogger('test', { write: () => undefined });
    dispatcher = new AlertDispatcher({ alerts: config.alerts, repo: store.alerts, log: quiet });
    sampler = new LagSampler({
      config,
      store,
      settings: { intervalMs: 500 },
      sinks: [dispatcher],
      log: quiet,
    });
    await sampler.start();
  }, 60_000);

  afterAll(async () => {
    await sampler?.stop();
    await dispatcher?.stop();
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await channel?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await managementFetch(`/api/vhosts/${v}`, { method: 'DELETE' }).catch(() => undefined);
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('POSTs STOP while nobody consumes, then OK once the queue is drained, once each', async () => {
    const entity = `${vhost}/orders`;
    const statuses = () => received.filter((p) => p.entity === entity).map((p) => p.to);
    await eventually(() => (statuses().includes('STOP') ? true : undefined), {
      timeoutMs: 30_000,
      what: 'a STOP alert',
    });
    await channel.consume('orders', (m) => m && channel.ack(m), { noAck: false });
    await eventually(() => (statuses().includes('OK') ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the OK alert',
    });
    await dispatcher.idle();
    expect(statuses()).toEqual(['STOP', 'OK']);
    const [stop, ok] = received.filter((p) => p.entity === entity);
    expect(stop).toMatchObject({ cluster: 'rabbit', kind: 'queue', state: 'firing', to: 'STOP' });
    expect(ok).toMatchObject({ state: 'resolved', from: expect.any(String), to: 'OK' });
    const history = store.alerts.list({ entity, limit: 10 });
    expect(history.map((a) => a.to)).toEqual(['OK', 'STOP']);
    expect(history.every((a) => a.deliveries[0]?.status === 'delivered')).toBe(true);
  });
});
