import { describe, expect, it } from 'vitest';
import type { GroupView, QueueView } from '../api/lag-types';
import { backlogRows, etaRank, groupRow, queueRow } from './backlog';

const counts = { OK: 0, WARN: 0, ERR: 0, STOP: 0, STALL: 0, REWIND: 0 };

function group(over: Partial<GroupView>): GroupView {
  return {
    cluster: 'k',
    group: 'g',
    state: 'Stable',
    members: 1,
    status: 'OK',
    burrowStatus: 'OK',
    complete: 1,
    lag: 10,
    lagSeconds: 5,
    etaSeconds: 2,
    etaState: 'draining',
    inRate: 1,
    outRate: 6,
    topics: ['t'],
    partitions: 1,
    partitionsWithoutCommit: 0,
    partitionsUnknown: 0,
    maxLag: null,
    statusCounts: counts,
    observedAt: 0,
    ...over,
  };
}

function queue(over: Partial<QueueView>): QueueView {
  return {
    cluster: 'r',
    vhost: '/',
    queue: 'q',
    type: 'classic',
    messages: 100,
    ready: 90,
    unacked: 10,
    consumers: 1,
    publishRate: 5,
    ackRate: 1,
    etaSeconds: null,
    status: 'WARN',
    lagSeconds: null,
    outRateSource: 'ack',
    etaState: 'not-draining',
    rule: 'progressing',
    evaluated: true,
    complete: 1,
    state: 'running',
    durable: true,
    observedAt: 0,
    ...over,
  } as QueueView;
}

describe('backlog rows', () => {
  it('links groups and queues with encoded names and hides the default vhost', () => {
    expect(groupRow(group({ group: 'a/b' })).href).toBe('/clusters/k/groups/a%2Fb');
    const q = queueRow(queue({}));
    expect(q.name).toBe('q');
    expect(q.href).toBe('/clusters/r/queues/%2F/q');
    expect(queueRow(queue({ vhost: 'orders' })).name).toBe('orders/q');
  });

  it('marks demo data by name', () => {
    expect(groupRow(group({ group: 'spillway-demo-consumers' })).demo).toBe(true);
    expect(groupRow(group({ topics: ['spillway-demo-orders'] })).demo).toBe(true);
    expect(groupRow(group({})).demo).toBe(false);
  });

  it('ranks by lag seconds, then time to drain (not draining is worst), then size', () => {
    const rows = backlogRows(
      [
        group({ group: 'young', lagSeconds: 1 }),
        group({ group: 'old', lagSeconds: 600 }),
        group({ group: 'unknown', lagSeconds: null, etaState: 'unknown', etaSeconds: null }),
      ],
      [queue({ queue: 'stuck', lagSeconds: 1 })],
    );
    expect(rows.map((r) => r.name)).toEqual(['old', 'stuck', 'young', 'unknown']);
  });

  it('etaRank orders caught up < draining < not draining, unknown null', () => {
    expect(etaRank(0, 'empty')).toBe(0);
    expect(etaRank(30, 'draining')).toBe(30);
    expect(etaRank(null, 'not-draining')).toBe(Number.MAX_SAFE_INTEGER);
    expect(etaRank(null, 'unknown')).toBeNull();
  });
});
