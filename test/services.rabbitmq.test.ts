// Proves the test RabbitMQ (scripts/rabbitmq.sh) is real and usable: persistent publishes with
// publisher confirms, queue statistics through the management API, manual-ack consumption, and the
// plugins Spillway relies on.
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { connect } from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeService, eventually, managementJson, RABBITMQ_URL, uniqueName } from './helpers/services';

const MESSAGES = 50;
const REQUIRED_PLUGINS = [
  'rabbitmq_management',
  'rabbitmq_shovel',
  'rabbitmq_shovel_management',
  'rabbitmq_consistent_hash_exchange',
];

interface ManagementQueue {
  name: string;
  durable: boolean;
  messages_ready?: number;
  messages_unacknowledged?: number;
}

interface ManagementNode {
  name: string;
  enabled_plugins?: string[];
}

interface ManagementOverview {
  product_name?: string;
  rabbitmq_version?: string;
  exchange_types?: { name: string }[];
}

describeService(['rabbitmq', 'rabbitmq-management'], 'test RabbitMQ', () => {
  const queue = uniqueName('services-rabbitmq');
  const queuePath = `/api/queues/${encodeURIComponent('/')}/${encodeURIComponent(queue)}`;
  let connection: ChannelModel;
  let channel: ConfirmChannel;

  beforeAll(async () => {
    connection = await connect(RABBITMQ_URL);
    channel = await connection.createConfirmChannel();
  });

  afterAll(async () => {
    if (channel) await channel.deleteQueue(queue).catch(() => undefined);
    await channel?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
  });

  it('runs the management, shovel and consistent-hash plugins', async () => {
    const nodes = await managementJson<ManagementNode[]>('/api/nodes');
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) expect(node.enabled_plugins).toEqual(expect.arrayContaining(REQUIRED_PLUGINS));

    const overview = await managementJson<ManagementOverview>('/api/overview');
    expect(overview.product_name).toBe('RabbitMQ');
    expect(overview.exchange_types?.map((t) => t.name)).toContain('x-consistent-hash');
    // The shovel status endpoint exists only with the shovel plugins running.
    expect(Array.isArray(await managementJson<unknown[]>('/api/shovels'))).toBe(true);
  });

  it('confirms 50 persistent messages, reports them in the management API and delivers them with manual ack', async () => {
    await channel.assertQueue(queue, { durable: true });
    const bodies = Array.from({ length: MESSAGES }, (_, i) => JSON.stringify({ n: i, queue }));
    bodies.forEach((body, i) => {
      channel.sendToQueue(queue, Buffer.from(body), {
        persistent: true,
        contentType: 'application/json',
        messageId: `msg-${i}`,
      });
    });
    await channel.waitForConfirms();

    // Queue statistics reach the management API on the stats interval (5 s by default): poll.
    const stats = await eventually(
      async () => {
        const q = await managementJson<ManagementQueue>(queuePath);
        return q.messages_ready === MESSAGES ? q : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 500, what: `messages_ready == ${MESSAGES} for ${queue}` },
    );
    expect(stats.durable).toBe(true);
    expect(stats.name).toBe(queue);

    await channel.prefetch(10);
    const received: ConsumeMessage[] = [];
    let consumerTag = '';
    await new Promise<void>((resolve, reject) => {
      channel
        .consume(
          queue,
          (msg) => {
            if (msg === null) return reject(new Error('consumer cancelled by the server'));
            received.push(msg);
            channel.ack(msg);
            if (received.length === MESSAGES) resolve();
          },
          { noAck: false },
        )
        .then((reply) => {
          consumerTag = reply.consumerTag;
        }, reject);
    });
    await channel.cancel(consumerTag);

    expect(received).toHaveLength(MESSAGES);
    expect(received.map((m) => m.content.toString())).toEqual(bodies);
    expect(received.map((m) => m.properties.messageId)).toEqual(bodies.map((_, i) => `msg-${i}`));
    expect(received.every((m) => m.properties.deliveryMode === 2 && !m.fields.redelivered)).toBe(true);

    const after = await channel.checkQueue(queue);
    expect(after.messageCount).toBe(0);
  });
});
