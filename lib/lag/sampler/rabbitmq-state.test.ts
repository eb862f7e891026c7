import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config';
import type { RabbitmqQueueInfo, RabbitmqSnapshot } from '../../sources/types';
import { samplerSettings } from './options';
import { RabbitmqClusterState } from './rabbitmq-state';

const settings = samplerSettings(configSchema.parse({ clusters: [] }), { intervalMs: 1000 });

function queue(over: Partial<RabbitmqQueueInfo>): RabbitmqQueueInfo {
  return {
    vhost: '/',
    name: 'q',
    type: 'classic',
    durable: true,
    autoDelete: false,
    exclusive: false,
    arguments: {},
    policy: null,
    operatorPolicy: null,
    effectivePolicy: {},
    ready: 20,
    unacked: 0,
    messages: 20,
    consumers: 0,
    consumerUtilisation: null,
    manualAck: null,
    publishRate: 0,
    deliverGetRate: 0,
    ackRate: 0,
    redeliverRate: null,
    headMessageTimestamp: null,
    state: 'running',
    members: [],
    online: [],
    leader: null,
    ...over,
  };
}

const snapshot = (takenAt: number, queues: RabbitmqQueueInfo[]): RabbitmqSnapshot => ({
  kind: 'rabbitmq',
  cluster: 'mq',
  takenAt,
  clusterName: null,
  rabbitmqVersion: null,
  nodes: [],
  vhosts: ['/'],
  queues,
  exchanges: [],
  policies: [],
  issues: [],
});

describe('RabbitmqClusterState', () => {
  it('reports transitions, and does not call a consumer that just attached STALL on stale rates', () => {
    const s = new RabbitmqClusterState('mq', settings);
    const first = s.ingest(snapshot(0, [queue({})]));
    expect(first.transitions).toEqual([
      {
        cluster: 'mq',
        kind: 'queue',
        entity: '//q',
        from: null,
        to: 'STOP',
        at: 0,
        lag: 20,
        lagSeconds: null,
      },
    ]);
    // A consumer attaches; the management API still says nothing was acked.
    const attached = s.ingest(snapshot(1000, [queue({ consumers: 1, manualAck: true })]));
    expect(attached.record.queues[0]).toMatchObject({ consumers: 1, ackRate: null, etaSeconds: null });
    expect(attached.record.queues[0]?.status).not.toBe('STALL');
    // Past the grace period, a zero ack rate with consumers attached is a stall.
    const later = s.ingest(
      snapshot(1000 + settings.rabbitmqRateGraceMs, [queue({ consumers: 1, manualAck: true })]),
    );
    expect(later.record.queues[0]).toMatchObject({ status: 'STALL', rule: 'stalled', ackRate: 0 });
  });

  it('leaves out queues without statistics and forgets deleted ones', () => {
    const s = new RabbitmqClusterState('mq', settings);
    s.ingest(snapshot(0, [queue({}), queue({ name: 'new', ready: null, unacked: null, consumers: null })]));
    expect([...s.queues.keys()]).toEqual(['/\u0000q']);
    s.ingest(snapshot(1000, []));
    expect(s.queues.size).toBe(0);
  });
});
