// Helpers for the replay tests: a temp store, a RabbitMQ cluster config for the test broker, queues with a
// TTL policy, a confirmed publisher and a collecting consumer, and a job runner bound to the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Channel, type ChannelModel, type ConsumeMessage, connect } from 'amqplib';
import { type Config, type RabbitmqClusterConfig, rabbitmqCluster as rabbitSchema } from '../lib/config';
import { configEnv } from '../lib/recovery/jobs/env';
import { JobRunner } from '../lib/recovery/jobs/runner';
import { bindReplayStore } from '../lib/recovery/replay/store-access';
import { openStore, type Store } from '../lib/store';
import { managementFetch, RABBITMQ_MANAGEMENT_URL, RABBITMQ_URL } from './helpers/services';

export interface TempStore {
  store: Store;
  dir: string;
  close(): void;
}

export function tempStore(): TempStore {
  const dir = mkdtempSync(path.join(tmpdir(), 'spillway-replay-'));
  const store = openStore(dir);
  bindReplayStore(store);
  return {
    store,
    dir,
    close: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const mq: RabbitmqClusterConfig = rabbitSchema.parse({
  name: 'mq',
  kind: 'rabbitmq',
  amqpUrl: RABBITMQ_URL,
  managementUrl: RABBITMQ_MANAGEMENT_URL,
});

export function testRunner(store: Store, clusters: Config['clusters'] = [mq]): JobRunner {
  return new JobRunner({ store, env: configEnv({ clusters } as Config) });
}

const enc = encodeURIComponent;

export async function mgmt(method: string, p: string, body?: unknown): Promise<unknown> {
  const res = await managementFetch(p, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A durable queue bound to a fresh direct exchange with routing key `rk`, and a user policy holding a TTL. */
export async function ttlQueue(name: string, ttlMs: number, args: Record<string, unknown> = {}) {
  const exchange = `${name}.ex`;
  await mgmt('PUT', `/api/exchanges/%2F/${enc(exchange)}`, { type: 'direct', durable: true });
  await mgmt('PUT', `/api/queues/%2F/${enc(name)}`, { durable: true, arguments: args });
  await mgmt('POST', `/api/bindings/%2F/e/${enc(exchange)}/q/${enc(name)}`, { routing_key: `rk-${name}` });
  const policy = `test-ttl-${name}`;
  await mgmt('PUT', `/api/policies/%2F/${enc(policy)}`, {
    pattern: `^${name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}$`,
    'apply-to': 'queues',
    priority: 3,
    definition: { 'message-ttl': ttlMs, 'max-length': 100_000 },
  });
  return { exchange, routingKey: `rk-${name}`, policy };
}

export async function cleanup(name: string): Promise<void> {
  for (const p of [
    `/api/policies/%2F/${enc(`test-ttl-${name}`)}`,
    `/api/policies/%2F/${enc(`spillway-capture-${name}`)}`,
  ]) {
    await mgmt('DELETE', p).catch(() => undefined);
  }
  for (const q of [name, `spillway.archive.${name}`])
    await mgmt('DELETE', `/api/queues/%2F/${enc(q)}`).catch(() => undefined);
  await mgmt('DELETE', `/api/exchanges/%2F/${enc(`${name}.ex`)}`).catch(() => undefined);
}

export async function amqp(): Promise<ChannelModel> {
  const c = await connect(RABBITMQ_URL);
  c.on('error', () => undefined);
  return c;
}

/** Publishes `ids` as persistent messages with those message ids, waiting for all confirms. */
export async function publishIds(
  conn: ChannelModel,
  exchange: string,
  routingKey: string,
  ids: string[],
): Promise<void> {
  const ch = await conn.createConfirmChannel();
  for (const id of ids) {
    ch.publish(exchange, routingKey, Buffer.from(JSON.stringify({ id })), {
      messageId: id,
      persistent: true,
      contentType: 'application/json',
    });
  }
  await ch.waitForConfirms();
  await ch.close();
}

export interface Collector {
  received: ConsumeMessage[];
  ids(): string[];
  close(): Promise<void>;
}

/** Consumes the queue, acking everything, collecting each message. */
export async function collect(conn: ChannelModel, queue: string): Promise<Collector> {
  const ch: Channel = await conn.createChannel();
  await ch.prefetch(500);
  const received: ConsumeMessage[] = [];
  await ch.consume(queue, (m) => {
    if (!m) return;
    received.push(m);
    ch.ack(m);
  });
  return {
    received,
    ids: () => received.map((m) => String(m.properties.messageId)),
    close: () => ch.close().catch(() => undefined),
  };
}
