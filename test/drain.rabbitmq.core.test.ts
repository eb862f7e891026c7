// The RabbitMQ drain's parts against the real RabbitMQ, without the job runner (the 100k run through the
// runner is drain.rabbitmq.test.ts):
// - a quorum source keyed by routing key (published through a direct exchange): the temp queues are
//   quorum queues too, each routing key lands on one temp queue and keeps its order, copies keep their
//   properties and carry provenance headers;
// - key-less messages (no header) go round-robin, evenly, and are counted;
// - stop() mid-dispatch acks only what was confirmed: source + temp copies = the whole backlog, none lost.
import { connect } from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RabbitDispatcher } from '../lib/recovery/drain-rabbitmq/dispatcher';
import { parseKeySpec } from '../lib/recovery/drain-rabbitmq/key';
import { setupRabbitDrain } from '../lib/recovery/drain-rabbitmq/plan';
import { DrainRabbit } from '../lib/recovery/drain-rabbitmq/rabbit';
import { deleteTempQueues, waitTempEmpty } from '../lib/recovery/drain-rabbitmq/restore';
import { drainCluster, publishBacklog, queueNames, startWorkers, vhostUrl } from './helpers/drain-rabbit';
import { describeService, eventually, managementJson, uniqueName } from './helpers/services';
import { createTestVhost, deleteTestVhost } from './helpers/source-rabbitmq';

describeService(['rabbitmq', 'rabbitmq-management'], 'RabbitMQ drain: dispatcher and restore', () => {
  const vhost = uniqueName('drain-core');
  let rabbit: DrainRabbit;

  const dispatcherFor = (queue: string, temps: string[], key: string, jobId: string) =>
    new RabbitDispatcher({
      amqpUrl: vhostUrl(vhost),
      queue,
      tempQueues: temps,
      key: parseKeySpec(key),
      jobId,
      describe: (e) => String(e),
    });

  beforeAll(async () => {
    await createTestVhost(vhost);
    rabbit = new DrainRabbit(drainCluster(vhost), vhost);
  });

  afterAll(async () => {
    await rabbit?.close();
    await deleteTestVhost(vhost);
  });

  it('drains a quorum queue by routing key into quorum temp queues, order and properties kept', async () => {
    const N = 10_000;
    const KEYS = 50;
    const model = await connect(vhostUrl(vhost));
    const ch = await model.createConfirmChannel();
    await ch.assertExchange('orders-ex', 'direct', { durable: true });
    await ch.assertQueue('q-orders', { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    for (let k = 0; k < KEYS; k++) await ch.bindQueue('q-orders', 'orders-ex', `k${k}`);
    for (let i = 0; i < N; i++) {
      const key = `k${i % KEYS}`;
      const seq = Math.floor(i / KEYS);
      ch.publish('orders-ex', key, Buffer.from(`body ${i}`), {
        persistent: true,
        messageId: `${key}:${seq}`,
        correlationId: `c${i}`,
        contentType: 'application/x-test',
        headers: { orderId: key, seq },
      });
    }
    await ch.waitForConfirms();
    await model.close();

    const plan = await setupRabbitDrain(
      rabbit,
      { vhost, queue: 'q-orders', key: parseKeySpec('routingKey'), factor: 5, force: false },
      'core1',
    );
    expect(plan.queueType).toBe('quorum');
    const temps = plan.tempQueues.map((t) => t.name);
    const types = await Promise.all(
      temps.map(
        async (t) =>
          (await managementJson<{ type: string }>(`/api/queues/${encodeURIComponent(vhost)}/${t}`)).type,
      ),
    );
    expect(types).toEqual(temps.map(() => 'quorum'));

    // One copy inspected whole before the workers start.
    const d = dispatcherFor('q-orders', temps, 'routingKey', 'core1');
    await d.start();
    await eventually(() => (d.snapshot.dispatched >= N ? true : undefined), {
      timeoutMs: 60_000,
      what: 'dispatched',
    });
    const counts = await d.stop();
    expect(counts).toMatchObject({ dispatched: N, keyless: 0, redelivered: 0 });
    const peek = await connect(vhostUrl(vhost));
    const pch = await peek.createChannel();
    const first = await pch.get(temps[counts.perQueue.findIndex((n) => n > 0)] as string, { noAck: false });
    expect(first).not.toBe(false);
    if (first) {
      expect(first.properties).toMatchObject({
        contentType: 'application/x-test',
        deliveryMode: 2,
        headers: expect.objectContaining({
          'spillway-source-queue': 'q-orders',
          'spillway-drain-job': 'core1',
        }),
      });
      expect(first.properties.correlationId).toMatch(/^c\d+$/);
      expect(first.content.toString()).toMatch(/^body \d+$/);
    }
    await peek.close(); // returns the peeked copy unacked: it goes back to its temp queue

    const workers = await startWorkers(vhost, temps, 'core1', 0);
    expect(await waitTempEmpty(rabbit, temps, { pollMs: 500 })).toBe(true);
    await workers.close();
    expect(await deleteTempQueues(rabbit, temps, 'quorum')).toEqual([]);
    expect(workers.tally.seen.size).toBe(N);
    expect(workers.tally.orderViolations).toEqual([]);
    expect(workers.tally.splitKeys).toEqual([]);
    expect(await queueNames(vhost)).toEqual(['q-orders']);
  }, 180_000);

  it('sends key-less messages round-robin and counts them', async () => {
    const model = await connect(vhostUrl(vhost));
    const ch = await model.createConfirmChannel();
    await ch.assertQueue('no-keys', { durable: true });
    for (let i = 0; i < 1000; i++) ch.sendToQueue('no-keys', Buffer.from(String(i)), { persistent: true });
    await ch.waitForConfirms();
    await model.close();
    const plan = await setupRabbitDrain(
      rabbit,
      { vhost, queue: 'no-keys', key: parseKeySpec('header:orderId'), factor: 4, force: false },
      'core2',
    );
    const temps = plan.tempQueues.map((t) => t.name);
    const d = dispatcherFor('no-keys', temps, 'header:orderId', 'core2');
    await d.start();
    await eventually(() => (d.snapshot.dispatched >= 1000 ? true : undefined), { what: 'dispatched' });
    const counts = await d.stop();
    expect(counts.keyless).toBe(1000);
    expect(counts.perQueue).toEqual([250, 250, 250, 250]);
    for (const t of temps) expect((await rabbit.exact(t)).ready).toBe(250);
  });

  it('stops mid-dispatch without losing anything: source + temp copies = backlog', async () => {
    const N = 20_000;
    await publishBacklog(vhost, 'stop-me', { to: N, keys: 100, declare: 'classic' });
    const plan = await setupRabbitDrain(
      rabbit,
      { vhost, queue: 'stop-me', key: parseKeySpec('header:orderId'), factor: 3, force: false },
      'core3',
    );
    const temps = plan.tempQueues.map((t) => t.name);
    const d = dispatcherFor('stop-me', temps, 'header:orderId', 'core3');
    await d.start();
    await eventually(() => (d.snapshot.dispatched >= 2_000 ? true : undefined), { what: 'some dispatched' });
    const counts = await d.stop();
    expect(counts.dispatched).toBeLessThan(N);
    const left = (await rabbit.exact('stop-me')).ready;
    let copied = 0;
    for (const t of temps) copied += (await rabbit.exact(t)).ready;
    expect(copied).toBe(counts.dispatched);
    expect(left + copied).toBe(N);
  });
});
