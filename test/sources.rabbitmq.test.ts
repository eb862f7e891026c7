// The RabbitMQ source against the test RabbitMQ (scripts/rabbitmq.sh), in a vhost of its own:
// - a durable quorum queue with a manual-ack consumer holding 4 of 10 messages, a classic queue under a
//   message-TTL policy, a classic queue with x-dead-letter-exchange: the snapshot must report types,
//   durability, arguments, effective policy and exact ready/unacked/consumers (management statistics
//   lag a few seconds: polled), checkQueue the exact counts at once;
// - the paginator follows pages (page_size 2) and returns every queue exactly once;
// - an unreachable API rejects with SourceUnavailableError; a wrong password with an error that never
//   contains the password.
import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';
import { connect } from 'amqplib';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { rabbitmqCluster } from '../lib/config';
import {
  createSource,
  type RabbitmqQueueInfo,
  type RabbitmqSnapshot,
  type RabbitmqSource,
  SourceAuthError,
  SourceNotFoundError,
  SourceUnavailableError,
} from '../lib/sources';
import { freePort } from './helpers/broker';
import {
  describeService,
  eventually,
  RABBITMQ_MANAGEMENT,
  RABBITMQ_URL,
  uniqueName,
} from './helpers/services';
import { amqpUrlForVhost, createTestVhost, deleteTestVhost, putPolicy } from './helpers/source-rabbitmq';

const HEAD_TIMESTAMP_S = 1_700_000_000;

describeService(['rabbitmq', 'rabbitmq-management'], 'RabbitMQ source', () => {
  const vhost = uniqueName('sources-vhost');
  const policy = uniqueName('sources-ttl');
  const q = { quorum: 'quorum-q', ttl: 'ttl-classic', dlx: 'dlx-classic' } as const;
  const dlxExchange = 'sources-dlx';
  const config = () =>
    rabbitmqCluster.parse({
      name: 'rabbit-test',
      kind: 'rabbitmq',
      amqpUrl: amqpUrlForVhost(RABBITMQ_URL, vhost),
      managementUrl: RABBITMQ_MANAGEMENT.baseUrl,
      managementUser: RABBITMQ_MANAGEMENT.username,
      managementPassword: RABBITMQ_MANAGEMENT.password,
      vhosts: [vhost],
    });
  let source: RabbitmqSource;
  let connection: ChannelModel;
  let publisher: ConfirmChannel;
  let consumer: Channel;

  beforeAll(async () => {
    await createTestVhost(vhost);
    await putPolicy(vhost, policy, {
      pattern: '^ttl-',
      'apply-to': 'queues',
      definition: { 'message-ttl': 600_000 },
    });
    connection = await connect(amqpUrlForVhost(RABBITMQ_URL, vhost));
    publisher = await connection.createConfirmChannel();
    await publisher.assertExchange(dlxExchange, 'fanout', { durable: true });
    await publisher.assertQueue(q.quorum, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await publisher.assertQueue(q.ttl, { durable: true });
    await publisher.assertQueue(q.dlx, {
      durable: true,
      arguments: { 'x-dead-letter-exchange': dlxExchange },
    });
    const publish = (queue: string, n: number) => {
      for (let i = 0; i < n; i++) {
        publisher.sendToQueue(queue, Buffer.from(`${queue}-${i}`), {
          persistent: true,
          timestamp: HEAD_TIMESTAMP_S + i,
        });
      }
    };
    publish(q.quorum, 10);
    publish(q.ttl, 5);
    publish(q.dlx, 3);
    await publisher.waitForConfirms();
    consumer = await connection.createChannel();
    await consumer.prefetch(4);
    await consumer.consume(q.quorum, () => undefined, { noAck: false });
    source = createSource(config());
  });

  afterAll(async () => {
    await source?.close();
    await connection?.close().catch(() => undefined);
    await deleteTestVhost(vhost);
  });

  const find = (s: RabbitmqSnapshot, name: string): RabbitmqQueueInfo | undefined =>
    s.queues.find((x) => x.vhost === vhost && x.name === name);

  it('reports queues with type, durability, arguments, effective policy and exact counts', async () => {
    const s = await eventually(
      async () => {
        const snap = await source.snapshot();
        const quorum = find(snap, q.quorum);
        const ttl = find(snap, q.ttl);
        const dlx = find(snap, q.dlx);
        const settled =
          quorum?.ready === 6 &&
          quorum.unacked === 4 &&
          quorum.consumers === 1 &&
          ttl?.ready === 5 &&
          dlx?.ready === 3;
        return settled ? snap : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'management statistics for the three queues' },
    );
    expect(s.vhosts).toEqual([vhost]);
    expect(s.queues.map((x) => x.name)).toEqual([q.dlx, q.quorum, q.ttl]);
    expect(s.issues).toEqual([]);
    expect(s.nodes.length).toBeGreaterThan(0);
    expect(s.nodes.every((n) => n.running && !n.memAlarm && !n.diskFreeAlarm)).toBe(true);

    expect(find(s, q.quorum)).toMatchObject({
      type: 'quorum',
      durable: true,
      arguments: { 'x-queue-type': 'quorum' },
      policy: null,
      ready: 6,
      unacked: 4,
      messages: 10,
      consumers: 1,
      manualAck: true,
    });
    expect(find(s, q.quorum)?.members.length).toBeGreaterThan(0);
    expect(find(s, q.quorum)?.online).toEqual(find(s, q.quorum)?.members);

    expect(find(s, q.ttl)).toMatchObject({
      type: 'classic',
      durable: true,
      policy,
      effectivePolicy: { 'message-ttl': 600_000 },
      ready: 5,
      unacked: 0,
      consumers: 0,
      manualAck: null,
      headMessageTimestamp: HEAD_TIMESTAMP_S * 1000,
    });
    expect(find(s, q.dlx)).toMatchObject({
      type: 'classic',
      arguments: { 'x-dead-letter-exchange': dlxExchange },
      policy: null,
      effectivePolicy: {},
      ready: 3,
    });
    expect(s.exchanges.map((e) => e.name)).toContain(dlxExchange);
    expect(s.policies).toEqual([
      expect.objectContaining({ vhost, name: policy, pattern: '^ttl-', applyTo: 'queues', operator: false }),
    ]);

    const one = await source.queue(vhost, q.quorum);
    expect(one).toMatchObject({
      name: q.quorum,
      type: 'quorum',
      ready: 6,
      unacked: 4,
      consumers: 1,
      manualAck: true,
    });
  });

  it('reads every vhost when none is configured', async () => {
    const all = createSource(rabbitmqCluster.parse({ ...config(), vhosts: undefined }));
    try {
      const s = await all.snapshot();
      expect(s.vhosts).toContain(vhost);
      expect(s.vhosts).toContain('/');
      expect(s.queues.filter((x) => x.vhost === vhost).map((x) => x.name)).toEqual([q.dlx, q.quorum, q.ttl]);
      expect(s.policies.filter((p) => p.vhost === vhost).map((p) => p.name)).toEqual([policy]);
    } finally {
      await all.close();
    }
  });

  it('checks a queue over AMQP: exact counts at once, a missing queue as not existing', async () => {
    expect(await source.checkQueue(vhost, q.quorum)).toEqual({
      vhost,
      name: q.quorum,
      exists: true,
      ready: 6,
      consumers: 1,
    });
    expect(await source.checkQueue(vhost, 'no-such-queue')).toMatchObject({ exists: false, ready: null });
    // The failed passive declare closed only its throwaway channel: the connection still works.
    expect(await source.checkQueue(vhost, q.ttl)).toMatchObject({ exists: true, ready: 5, consumers: 0 });
  });

  it('answers SourceNotFoundError for a missing queue', async () => {
    await expect(source.queue(vhost, 'no-such-queue')).rejects.toBeInstanceOf(SourceNotFoundError);
  });

  it('follows management API pages: page_size 2 returns every queue exactly once', async () => {
    const extra = Array.from({ length: 5 }, (_, i) => `page-${i}`);
    for (const name of extra) await publisher.assertQueue(name, { durable: false });
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const paged = createSource(config(), { rabbitmq: { pageSize: 2 } });
    try {
      const s = await paged.snapshot();
      const names = s.queues.map((x) => x.name);
      const expected = [...extra, q.dlx, q.quorum, q.ttl].sort();
      expect(names).toEqual(expected);
      expect(new Set(names).size).toBe(names.length);
      const queuePages = fetchSpy.mock.calls
        .map(([url]) => String(url))
        .filter((url) => url.includes(`/api/queues/${encodeURIComponent(vhost)}?`));
      expect(queuePages).toHaveLength(Math.ceil(expected.length / 2));
      expect(queuePages.every((url) => url.includes('page_size=2') && url.includes('pagination=true'))).toBe(
        true,
      );
    } finally {
      fetchSpy.mockRestore();
      await paged.close();
      for (const name of extra) await publisher.deleteQueue(name).catch(() => undefined);
    }
  });

  it('rejects with SourceUnavailableError when the management API and AMQP do not answer', async () => {
    const port = await freePort();
    const down = createSource(
      rabbitmqCluster.parse({
        name: 'rabbit-down',
        kind: 'rabbitmq',
        amqpUrl: `amqp://guest:guest@127.0.0.1:${port}`,
        managementUrl: `http://127.0.0.1:${port}`,
      }),
    );
    try {
      await expect(down.snapshot()).rejects.toBeInstanceOf(SourceUnavailableError);
      await expect(down.queue('/', 'x')).rejects.toBeInstanceOf(SourceUnavailableError);
      await expect(down.checkQueue('/', 'x')).rejects.toBeInstanceOf(SourceUnavailableError);
    } finally {
      await down.close();
    }
  });

  it('refuses a wrong password with SourceAuthError, never quoting the password', async () => {
    const password = `wrong-${uniqueName('pw')}`;
    const amqp = new URL(RABBITMQ_URL);
    amqp.password = encodeURIComponent(password);
    const mgmt = new URL(RABBITMQ_MANAGEMENT.baseUrl);
    mgmt.username = RABBITMQ_MANAGEMENT.username;
    mgmt.password = encodeURIComponent(password);
    const wrong = createSource(
      rabbitmqCluster.parse({
        name: 'rabbit-wrong-password',
        kind: 'rabbitmq',
        amqpUrl: amqp.toString(),
        managementUrl: mgmt.toString(),
      }),
    );
    try {
      for (const call of [
        () => wrong.snapshot(),
        () => wrong.queue('/', 'x'),
        () => wrong.checkQueue('/', 'x'),
      ]) {
        const error = await call().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(SourceAuthError);
        const text = `${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)}`;
        expect(text).not.toContain(password);
        expect(text).not.toContain(encodeURIComponent(password));
        expect(text).not.toContain(
          Buffer.from(`${RABBITMQ_MANAGEMENT.username}:${password}`).toString('base64'),
        );
      }
    } finally {
      await wrong.close();
    }
  });
});
