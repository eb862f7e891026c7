/*
 * Scenario: the sampler watches the test RabbitMQ (a vhost of its own) while the test publishes backlogs
 * and consumes them in different ways: a consumer that takes messages and never acks (ready and unacked
 * exactly as published and held, then STALL: consumers attached, nothing leaves), a queue nobody consumes
 * (STOP, no ETA), and a consumer that acks steadily (a finite ETA while it drains). Management statistics
 * lag a few seconds: everything is awaited with `eventually`.
 */
import type { Channel, ChannelModel } from 'amqplib';
import { connect } from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getQueue, type QueueView } from '../lib/lag/sampler';
import {
  describeService,
  eventually,
  RABBITMQ_MANAGEMENT,
  RABBITMQ_URL,
  uniqueName,
} from './helpers/services';
import { amqpUrlForVhost, createTestVhost, deleteTestVhost } from './helpers/source-rabbitmq';
import { lagConfig, startSampler, type TestSampler } from './lag.support';

const CLUSTER = 'rabbit';

describeService(['rabbitmq', 'rabbitmq-management'], 'backlog of RabbitMQ queues', () => {
  const vhost = uniqueName('lag-vhost');
  let connection: ChannelModel;
  let publisher: Channel;
  const channels: Channel[] = [];
  let ts: TestSampler;

  const queueWhen = (queue: string, check: (q: QueueView) => boolean, what: string) =>
    eventually(
      () => {
        const q = getQueue(ts.sampler, CLUSTER, vhost, queue);
        return q && check(q) ? q : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 200, what },
    );

  const publish = async (queue: string, count: number) => {
    await publisher.assertQueue(queue, { durable: true });
    const ts0 = Math.floor(Date.now() / 1000);
    for (let i = 0; i < count; i++) {
      publisher.sendToQueue(queue, Buffer.from(`${queue}-${i}`), { persistent: true, timestamp: ts0 });
    }
  };

  beforeAll(async () => {
    await createTestVhost(vhost);
    connection = await connect(amqpUrlForVhost(RABBITMQ_URL, vhost));
    publisher = await connection.createChannel();
    ts = await startSampler(
      lagConfig([
        {
          name: CLUSTER,
          kind: 'rabbitmq',
          amqpUrl: amqpUrlForVhost(RABBITMQ_URL, vhost),
          managementUrl: RABBITMQ_MANAGEMENT.baseUrl,
          managementUser: RABBITMQ_MANAGEMENT.username,
          managementPassword: RABBITMQ_MANAGEMENT.password,
          vhosts: [vhost],
        },
      ]),
      { intervalMs: 500 },
    );
  }, 60_000);

  afterAll(async () => {
    await ts?.close();
    for (const c of channels) await c.close().catch(() => undefined);
    await publisher?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await deleteTestVhost(vhost).catch(() => undefined);
  });

  it('reports ready and unacked exactly while a consumer holds messages without acking, then STALL', async () => {
    await publish('held', 10);
    const consumer = await connection.createChannel();
    channels.push(consumer);
    await consumer.prefetch(3);
    await consumer.consume('held', () => undefined, { noAck: false });
    const q = await queueWhen('held', (x) => x.ready === 7 && x.unacked === 3, 'ready 7, unacked 3');
    expect(q).toMatchObject({ messages: 10, consumers: 1, type: 'classic', outRateSource: 'ack' });
    const stalled = await queueWhen('held', (x) => x.status === 'STALL', 'STALL');
    expect(stalled).toMatchObject({ rule: 'stalled', etaSeconds: null, messages: 10 });
  });

  it('marks a queue nobody consumes STOP, with no ETA', async () => {
    await publish('orphan', 5);
    const q = await queueWhen('orphan', (x) => x.ready === 5, 'ready 5');
    expect(q).toMatchObject({
      consumers: 0,
      unacked: 0,
      status: 'STOP',
      rule: 'no-consumers',
      etaSeconds: null,
    });
    expect(q.lagSeconds).toBeGreaterThanOrEqual(0);
  });

  it('gives a finite ETA while a consumer drains the queue', async () => {
    // 2,000 messages at ~25/s keep the queue draining for over a minute: the out-rate is only trusted 10 s
    // after the consumer attaches and the management API refreshes its rates every few seconds, so a short
    // backlog could be gone before a loaded machine produced a sample with an ETA. The test ends at that sample.
    await publish('drained', 2000);
    await queueWhen('drained', (x) => x.ready === 2000, 'the backlog');
    const consumer = await connection.createChannel();
    channels.push(consumer);
    await consumer.prefetch(1);
    await consumer.consume(
      'drained',
      (m) => {
        if (!m) return;
        setTimeout(() => {
          try {
            consumer.ack(m);
          } catch {
            // the channel was closed by afterAll
          }
        }, 40);
      },
      { noAck: false },
    );
    const q = await queueWhen(
      'drained',
      (x) => x.etaState === 'draining' && x.etaSeconds !== null,
      'a draining queue with an ETA',
    );
    expect(q.etaSeconds).toBeGreaterThan(0);
    expect(Number.isFinite(q.etaSeconds)).toBe(true);
    expect(q.ackRate).toBeGreaterThan(0);
    expect(q.messages).toBeGreaterThan(0);
  });
});
