import { describe, expect, it } from 'vitest';
import { assessGroup, assessPartition, type PartitionObservation } from './assess';
import { evaluateQueueStatus, normaliseQueue, queueEta } from './rabbitmq';
import { toGroupLagJson, toQueueLagJson } from './report';
import { commits } from './test-util/commits';

const s = (seconds: number, value: number) => ({ t: seconds * 1000, value });

// orders/0: producers 10/s, consumer 20/s, commits every 10 s; 200 behind at t = 60 s.
const draining: PartitionObservation = {
  offsets: { topic: 'orders', partition: 0, committed: 400, logStart: 0, end: 600 },
  now: 60_000,
  commits: commits([
    [0, 0, 0],
    [0, 10, 100],
    [0, 20, 200],
    [100, 30, 200],
    [200, 40, 200],
    [300, 50, 200],
  ]),
  hwmHistory: [s(0, 0), s(10, 100), s(20, 200), s(30, 300), s(40, 400), s(50, 500)],
  committedHistory: [s(0, 0), s(10, 0), s(20, 0), s(30, 100), s(40, 200), s(50, 300)],
};
// orders/1: never committed.
const uncommitted: PartitionObservation = {
  offsets: { topic: 'orders', partition: 1, committed: null, logStart: 0, end: 50 },
  now: 60_000,
  commits: [],
  hwmHistory: [],
  committedHistory: [],
};

describe('assessPartition', () => {
  it('combines offset lag, time lag, rates, ETA and status', () => {
    const a = assessPartition(draining);
    expect(a.lag.lag).toBe(200);
    expect(a.timeLag).toMatchObject({ seconds: 19.9, method: 'interpolated' });
    expect(a.inRate.perSecond).toBe(10);
    expect(a.outRate.perSecond).toBeCloseTo(400 / 60, 9);
    expect(a.eta.state).toBe('not-draining');
    expect(a.status).toMatchObject({ status: 'OK', rule: 'lag-ever-within-allowance' });
  });
  it('exact time lag when the committed record timestamp is supplied', () => {
    const a = assessPartition({ ...draining, committedRecordTimestamp: 35_000 });
    expect(a.timeLag).toMatchObject({ seconds: 25, method: 'exact' });
  });
  it('no commit: lag, time lag and ETA unknown; status not evaluated', () => {
    const a = assessPartition(uncommitted);
    expect(a.lag).toMatchObject({ lag: null, noCommit: true });
    expect(a.timeLag.reason).toBe('no-commit');
    expect(a.eta.state).toBe('unknown');
    expect(a.status).toMatchObject({ status: 'OK', rule: 'no-commit', evaluated: false });
  });
});

describe('group assessment and JSON', () => {
  const parts = [assessPartition(draining), assessPartition(uncommitted)];
  const group = assessGroup(parts);

  it('group totals, oldest record, slowest ETA, worst status', () => {
    expect(group.lag).toMatchObject({ lag: 200, partitionsWithoutCommit: 1 });
    expect(group.lagSeconds).toBe(19.9);
    expect(group.eta.state).toBe('not-draining');
    expect(group.status.status).toBe('OK');
    expect(group.inRate).toBeNull();
  });

  it('produces the CLI shape with null for unknowns', () => {
    const json = toGroupLagJson({ cluster: 'local', group: 'billing', state: 'Stable' }, parts, group);
    expect(json).toEqual({
      cluster: 'local',
      group: 'billing',
      state: 'Stable',
      status: 'OK',
      lag: 200,
      lagSeconds: 19.9,
      etaSeconds: null,
      partitions: [
        {
          topic: 'orders',
          partition: 0,
          committed: 400,
          logStart: 0,
          end: 600,
          lag: 200,
          lagSeconds: 19.9,
          status: 'OK',
        },
        {
          topic: 'orders',
          partition: 1,
          committed: null,
          logStart: 0,
          end: 50,
          lag: null,
          lagSeconds: null,
          status: 'OK',
        },
      ],
    });
    expect(Object.keys(JSON.parse(JSON.stringify(json)))).toEqual([
      'cluster',
      'group',
      'state',
      'status',
      'lag',
      'lagSeconds',
      'etaSeconds',
      'partitions',
    ]);
  });

  it('produces the RabbitMQ CLI shape', () => {
    const backlog = normaliseQueue(
      {
        vhost: '/',
        queue: 'orders',
        type: 'classic',
        ready: 90,
        unacked: 10,
        consumers: 1,
        manualAck: true,
        publishRate: 1,
        ackRate: 3.33333,
        deliverGetRate: 4,
      },
      0,
    );
    const json = toQueueLagJson('mq', backlog, queueEta(backlog), evaluateQueueStatus(backlog, []));
    expect(json).toEqual({
      cluster: 'mq',
      vhost: '/',
      queue: 'orders',
      type: 'classic',
      messages: 100,
      ready: 90,
      unacked: 10,
      consumers: 1,
      publishRate: 1,
      ackRate: 3.333,
      etaSeconds: 42.857,
      status: 'OK',
    });
  });
});
