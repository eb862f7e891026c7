// Pure parts of the RabbitMQ adapter: endpoint and credentials, queue mapping, paths.
import { describe, expect, it } from 'vitest';
import { rabbitmqCluster } from '../../config';
import { amqpUrlForVhost } from './amqp';
import { managementEndpoint } from './index';
import { toQueueInfo } from './inventory';
import { apiPath } from './management';
import { queueSchema } from './schemas';

describe('managementEndpoint', () => {
  it('takes explicit credentials first, then the management URL, then the AMQP URL, and strips them', () => {
    const base = { name: 'r', kind: 'rabbitmq' as const };
    const fromAmqp = managementEndpoint(
      rabbitmqCluster.parse({ ...base, amqpUrl: 'amqp://u1:p%401@h:5672', managementUrl: 'http://h:15672/' }),
    );
    expect(fromAmqp).toEqual({
      baseUrl: 'http://h:15672',
      username: 'u1',
      password: 'p@1',
      amqpPassword: 'p@1',
    });
    const fromMgmt = managementEndpoint(
      rabbitmqCluster.parse({ ...base, amqpUrl: 'amqp://h', managementUrl: 'http://u2:p2@h:15672/prefix/' }),
    );
    expect(fromMgmt).toMatchObject({ baseUrl: 'http://h:15672/prefix', username: 'u2', password: 'p2' });
    const explicit = managementEndpoint(
      rabbitmqCluster.parse({
        ...base,
        amqpUrl: 'amqp://u1:p1@h',
        managementUrl: 'http://u2:p2@h:15672',
        managementUser: 'u3',
        managementPassword: 'p3',
      }),
    );
    expect(explicit).toMatchObject({ username: 'u3', password: 'p3' });
    expect(
      managementEndpoint(rabbitmqCluster.parse({ ...base, amqpUrl: 'amqp://h', managementUrl: 'http://h' })),
    ).toMatchObject({ username: 'guest', password: 'guest' });
  });
});

describe('toQueueInfo', () => {
  it('maps a quorum queue before its statistics exist: counts null, never 0', () => {
    const q = toQueueInfo(
      queueSchema.parse({
        name: 'q',
        vhost: '/',
        type: 'quorum',
        durable: true,
        arguments: { 'x-queue-type': 'quorum' },
        members: ['n1', 'n2'],
        online: ['n1'],
        leader: 'n1',
      }),
      null,
    );
    expect(q).toMatchObject({
      type: 'quorum',
      ready: null,
      unacked: null,
      consumers: null,
      publishRate: null,
    });
    expect([q.members, q.online, q.leader]).toEqual([['n1', 'n2'], ['n1'], 'n1']);
  });

  it('maps statistics, rates, policy and the head-message timestamp (seconds → ms)', () => {
    const q = toQueueInfo(
      queueSchema.parse({
        name: 'c',
        vhost: 'v',
        type: 'classic',
        durable: false,
        auto_delete: true,
        exclusive: false,
        policy: 'ttl',
        effective_policy_definition: { 'message-ttl': 5 },
        messages_ready: 3,
        messages_unacknowledged: 2,
        messages: 5,
        consumers: 1,
        consumer_utilisation: 0.5,
        head_message_timestamp: 1_700_000_000,
        message_stats: { publish_details: { rate: 1.5 }, ack_details: { rate: 0 } },
        state: 'running',
      }),
      true,
    );
    expect(q).toMatchObject({
      autoDelete: true,
      policy: 'ttl',
      effectivePolicy: { 'message-ttl': 5 },
      ready: 3,
      unacked: 2,
      messages: 5,
      consumers: 1,
      consumerUtilisation: 0.5,
      manualAck: true,
      publishRate: 1.5,
      ackRate: 0,
      deliverGetRate: null,
      headMessageTimestamp: 1_700_000_000_000,
    });
    // An empty effective policy comes as [] from some versions.
    expect(
      toQueueInfo(queueSchema.parse({ name: 'x', vhost: '/', effective_policy_definition: [] }), null),
    ).toMatchObject({ effectivePolicy: {}, type: 'classic' });
    expect(toQueueInfo(queueSchema.parse({ name: 'x', vhost: '/', type: 'mqtt-qos0' }), null).type).toBe(
      'unknown',
    );
  });
});

describe('paths', () => {
  it('percent-encodes vhosts and names', () => {
    expect(apiPath('queues', '/', 'a b')).toBe('/api/queues/%2F/a%20b');
    expect(amqpUrlForVhost('amqp://u:p@h:5672', '/')).toBe('amqp://u:p@h:5672/%2F');
    expect(amqpUrlForVhost('amqp://u:p@h:5672/old', 'new vh')).toBe('amqp://u:p@h:5672/new%20vh');
  });
});
