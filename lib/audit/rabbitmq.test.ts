import { describe, expect, it } from 'vitest';
import { isGrowingWithoutConsumers } from './growth';
import { auditRabbitmq } from './rabbitmq';
import { dlxPolicy } from './rabbitmq-fixes';
import { queue, rabbitSnapshot } from './test-util/fixtures';
import type { Finding } from './types';

const noGrowth = { growth: [], minGrowthIntervalMs: 1000 };
const checks = (fs: Finding[]) => fs.map((f) => `${f.target} ${f.check} ${f.severity}`);

describe('auditRabbitmq', () => {
  it('well-configured queues have no finding', () => {
    const good = [
      queue('q'),
      queue('ttl-dlx', { arguments: { 'x-message-ttl': 1000, 'x-dead-letter-exchange': 'dlx' } }),
      queue('max-reject', { arguments: { 'x-max-length': 10, 'x-overflow': 'reject-publish' } }),
      queue('policy-dlx', { effectivePolicy: { 'message-ttl': 5, 'dead-letter-exchange': 'dlx' } }),
      queue('default-exchange-dlx', { arguments: { 'x-message-ttl': 5, 'x-dead-letter-exchange': '' } }),
      queue('mirrored', { type: 'classic', effectivePolicy: { 'ha-mode': 'all' } }),
      queue('reply', {
        type: 'classic',
        durable: false,
        exclusive: true,
        effectivePolicy: { 'ha-mode': 'all' },
      }),
      queue('stream', { type: 'stream', arguments: { 'x-max-length-bytes': 1e9 } }),
    ];
    expect(auditRabbitmq(rabbitSnapshot(good), noGrowth)).toEqual([]);
  });

  it('finds each misconfiguration once, with its severity', () => {
    const bad = [
      queue('transient', { durable: false }),
      queue('classic', { type: 'classic' }),
      queue('ttl-arg', { arguments: { 'x-message-ttl': 60000 } }),
      queue('ttl-policy', { policy: 'p', effectivePolicy: { 'message-ttl': 1000 } }),
      queue('max-len', { arguments: { 'x-max-length': 100 } }),
      queue('dlx-gone', { arguments: { 'x-dead-letter-exchange': 'nowhere' } }),
      queue('auto-ack', { consumers: 2, manualAck: false }),
    ];
    expect(checks(auditRabbitmq(rabbitSnapshot(bad), noGrowth))).toEqual([
      '//transient rabbitmq.queue.not-durable warning',
      '//classic rabbitmq.queue.unreplicated warning',
      '//ttl-arg rabbitmq.queue.ttl-without-dlx warning',
      '//ttl-policy rabbitmq.queue.ttl-without-dlx warning',
      '//max-len rabbitmq.queue.max-length-without-dlx warning',
      '//dlx-gone rabbitmq.queue.dlx-missing critical',
      '//auto-ack rabbitmq.queue.auto-ack warning',
    ]);
  });

  it('single node: an info for the cluster and no replication warnings', () => {
    const snap = rabbitSnapshot([queue('classic', { type: 'classic' })], {
      nodes: [{ name: 'rabbit@one', running: true, memAlarm: false, diskFreeAlarm: false, partitions: [] }],
    });
    expect(checks(auditRabbitmq(snap, noGrowth))).toEqual(['* rabbitmq.cluster.single-node info']);
  });

  it('does not report a missing DLX when the exchanges could not be read', () => {
    const snap = rabbitSnapshot([queue('dlx-gone', { arguments: { 'x-dead-letter-exchange': 'x' } })], {
      exchanges: [],
      issues: [{ scope: 'exchanges:/', message: 'HTTP 500' }],
    });
    expect(auditRabbitmq(snap, noGrowth)).toEqual([]);
  });

  it('growth: two observations, no consumers, ready up', () => {
    const obs = (at: number, ready: number, consumers = 0) => ({ at, ready, consumers });
    const g = (a: ReturnType<typeof obs>, b: ReturnType<typeof obs>) => ({
      vhost: '/',
      name: 'g',
      first: a,
      second: b,
    });
    expect(isGrowingWithoutConsumers(g(obs(0, 5), obs(1000, 6)), 1000)).toBe(true);
    expect(isGrowingWithoutConsumers(g(obs(0, 5), obs(999, 6)), 1000)).toBe(false); // too close
    expect(isGrowingWithoutConsumers(g(obs(0, 5), obs(1000, 5)), 1000)).toBe(false); // static backlog
    expect(isGrowingWithoutConsumers(g(obs(0, 5), obs(1000, 4)), 1000)).toBe(false); // draining
    expect(isGrowingWithoutConsumers(g(obs(0, 0), obs(1000, 3)), 1000)).toBe(false); // was empty
    expect(isGrowingWithoutConsumers(g(obs(0, 5, 1), obs(1000, 9)), 1000)).toBe(false); // had a consumer
    expect(isGrowingWithoutConsumers(g(obs(0, 5), obs(1000, 9, 1)), 1000)).toBe(false);
    const snap = rabbitSnapshot([queue('g', { consumers: 0 })]);
    const fs = auditRabbitmq(snap, { growth: [g(obs(0, 5), obs(2000, 9))], minGrowthIntervalMs: 1000 });
    expect(checks(fs)).toEqual(['//g rabbitmq.queue.no-consumers-growing warning']);
    expect(fs[0]?.detail).toContain('grew from 5 to 9 in 2.0 s');
  });

  it("the DLX fix merges the queue's current policy instead of replacing it", () => {
    const q = queue('orders.v1', { vhost: 'shop', policy: 'ttl' });
    const policies = [
      {
        vhost: 'shop',
        name: 'ttl',
        pattern: '^orders',
        applyTo: 'queues',
        priority: 3,
        definition: { 'message-ttl': 1000 },
        operator: false,
      },
    ];
    expect(dlxPolicy(q, policies, 'orders.v1.dlx')).toBe(
      `rabbitmqctl set_policy -p shop --priority 4 --apply-to queues spillway-dlx-orders.v1 '^orders\\.v1$' ` +
        `'{"message-ttl":1000,"dead-letter-exchange":"orders.v1.dlx"}'`,
    );
  });
});
