/*
 * Scenario: the sampler keeps history in SQLite and survives a restart. A first sampler watches a group
 * that commits twice and stops (STOP), and hands the transitions to an alert sink; it is stopped and a
 * second sampler opens the same store: it rebuilds the commit window from the stored change points, so
 * the group is STOP on its very first round, without a spurious "first seen" transition. The group's
 * history is there, and the rollup/retention job turns raw rows into 1-minute rollups and drops them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusTransition, TransitionSink } from '../lib/alerts/types';
import { getGroup, groupHistory } from '../lib/lag/sampler';
import { groupSeries } from '../lib/store/lag';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { eventually, uniqueName } from './helpers/services';
import { DirectCommitter, testClient } from './helpers/source-kafka';
import { createTopic, groupWhen, lagConfig, startSampler } from './lag.support';

class RecordingSink implements TransitionSink {
  readonly seen: StatusTransition[] = [];
  onTransitions(transitions: readonly StatusTransition[]): void {
    this.seen.push(...transitions);
  }
}

describe('lag history across a restart', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let committer: DirectCommitter;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'spillway-lag-store-'));
  const topic = uniqueName('lag-store-topic');
  const group = uniqueName('lag-store-group');
  const config = () => lagConfig([{ name: 'emb', kind: 'kafka', brokers: [broker.bootstrap] }]);

  beforeAll(async () => {
    broker = await startTestBroker();
    kafka = testClient([broker.bootstrap], uniqueName('lag-store'));
    const admin = kafka.admin();
    await admin.connect();
    await createTopic(admin, topic, 1);
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ value: `v${i}` })) });
    await producer.disconnect();
    committer = new DirectCommitter(kafka);
    await committer.connect();
  });

  afterAll(async () => {
    await committer?.disconnect().catch(() => undefined);
    await broker?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restores windows and statuses from the store, keeps history and rolls it up', async () => {
    const firstSink = new RecordingSink();
    const first = await startSampler(config(), {}, dataDir, [firstSink]);
    try {
      for (const offset of [2, 4]) {
        await committer.commit(group, topic, [[0, offset]]);
        await groupWhen(
          first.sampler,
          'emb',
          group,
          (d) => d.partitions[0]?.committed === offset,
          `commit ${offset}`,
        );
      }
      await groupWhen(first.sampler, 'emb', group, (d) => d.group.status === 'STOP', 'STOP');
      await new Promise((resolve) => setImmediate(resolve));
      const mine = firstSink.seen.filter((t) => t.entity === group);
      expect(mine[0]).toMatchObject({ cluster: 'emb', kind: 'group', from: null });
      expect(mine.at(-1)).toMatchObject({ to: 'STOP', lag: 16 });
    } finally {
      await first.close();
    }

    const secondSink = new RecordingSink();
    const second = await startSampler(config(), {}, dataDir, [secondSink]);
    try {
      const d = await groupWhen(second.sampler, 'emb', group, () => true, 'the group after the restart');
      expect(d.group.status).toBe('STOP');
      expect(d.partitions[0]).toMatchObject({ committed: 4, lag: 16, rule: 'stopped' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(secondSink.seen.filter((t) => t.entity === group)).toEqual([]);
      expect(getGroup(second.sampler, 'emb', group)?.group.status).toBe('STOP');

      const now = Date.now();
      // Both samplers' rounds, one-second buckets. A fast first run can fit in two seconds; the second
      // sampler keeps writing a row a round, so the history reaches a third second by itself.
      const history = await eventually(
        () => {
          const h = groupHistory(second.sampler, 'emb', group, {
            from: now - 300_000,
            to: Date.now() + 1000,
            stepMs: 1000,
          });
          return h && h.length > 2 ? h : undefined;
        },
        { what: 'three seconds of history' },
      );
      expect(history.length).toBeGreaterThan(2);
      expect(history.at(-1)).toMatchObject({ lag: 16, status: 3 });

      // The job, run "two hours later": raw rows are rolled up, then dropped.
      const store = second.store;
      if (!store) throw new Error('no store');
      const before = store.lag.retention.counts();
      expect(before.lag_groups_raw).toBeGreaterThan(0);
      expect(before.lag_commits_raw).toBeGreaterThan(0);
      await second.sampler.stop();
      await second.sampler.runMaintenance(now + 2 * 3_600_000);
      const after = store.lag.retention.counts();
      expect(after.lag_groups_1m).toBeGreaterThan(0);
      expect(after.lag_groups_raw).toBe(0);
      expect(after.lag_commits_raw).toBe(0);
      // Read as of "two hours later": the raw rows are gone, the rollups remain.
      const series = store.lag.series.find(groupSeries('emb', group));
      const rolled = store.lag.charts.groupHistory(series ?? -1, {
        from: now - 600_000,
        to: now + 60_000,
        stepMs: 60_000,
        rawFrom: now + 3_600_000,
      });
      // Lag was 18 at the first commit, 16 after the second; the worst status of the minute is STOP.
      expect(Math.max(...rolled.map((p) => p.lagMax ?? 0))).toBe(18);
      expect(Math.max(...rolled.map((p) => p.status))).toBe(3);
    } finally {
      await second.close();
    }
  });
});
