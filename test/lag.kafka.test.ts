/*
 * Scenario: the sampler watches a real Kafka-kind cluster — the embedded broker, then Apache Kafka, with
 * the same suite — while the test builds backlogs with known offsets and timestamps and commits offsets
 * for groups. Every figure the sampler reports is checked against what was produced and committed: exact
 * lag per partition, a commit below the log start after DeleteRecords, no commit (null, not 0), the age
 * of the oldest unconsumed record, STOP for a consumer that stops, WARN for one that falls behind, and a
 * finite ETA only while draining. No timing assertions: convergence is awaited with `eventually`.
 */
import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTopic } from '../lib/lag/sampler';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { describeService, eventually, KAFKA_BROKERS, uniqueName } from './helpers/services';
import { DirectCommitter, testClient } from './helpers/source-kafka';
import { createTopic, groupWhen, lagConfig, startSampler, type TestSampler } from './lag.support';

const CLUSTER = 'under-test';

function lagSuite(bootstrap: () => string[]): void {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let committer: DirectCommitter;
  let ts: TestSampler;
  const topics: string[] = [];
  const groups: string[] = [];

  const topic = async (partitions = 1): Promise<string> => {
    const name = uniqueName('lag-topic');
    topics.push(name);
    await createTopic(admin, name, partitions);
    return name;
  };
  const group = (): string => {
    const name = uniqueName('lag-group');
    groups.push(name);
    return name;
  };
  const produce = async (t: string, partition: number, count: number, timestamp?: (i: number) => number) => {
    await producer.send({
      topic: t,
      acks: -1,
      messages: Array.from({ length: count }, (_, i) => ({
        partition,
        value: `m${i}`,
        ...(timestamp ? { timestamp: String(timestamp(i)) } : {}),
      })),
    });
  };
  const commit = (g: string, t: string, offsets: Array<[number, number]>) => committer.commit(g, t, offsets);
  /** Commits and waits until the sampler has seen the commit on that partition. */
  const commitSeen = async (g: string, t: string, partition: number, offset: number) => {
    await commit(g, t, [[partition, offset]]);
    return groupWhen(
      ts.sampler,
      CLUSTER,
      g,
      (d) => d.partitions.some((p) => p.topic === t && p.partition === partition && p.committed === offset),
      `${g} committed ${offset} on ${t}/${partition}`,
    );
  };

  beforeAll(async () => {
    kafka = testClient(bootstrap(), uniqueName('lag-test'));
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    committer = new DirectCommitter(kafka);
    await committer.connect();
    ts = await startSampler(lagConfig([{ name: CLUSTER, kind: 'kafka', brokers: bootstrap() }]));
  });

  afterAll(async () => {
    await ts?.close();
    await admin?.deleteGroups(groups).catch(() => undefined);
    await admin?.deleteTopics({ topics }).catch(() => undefined);
    await committer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  });

  it('reports the exact lag of every partition, and null (not 0) where the group never committed', async () => {
    const t = await topic(3);
    await produce(t, 0, 10);
    await produce(t, 1, 20);
    await produce(t, 2, 30);
    const g = group();
    await commit(g, t, [
      [0, 3],
      [1, 5],
    ]);
    const d = await groupWhen(
      ts.sampler,
      CLUSTER,
      g,
      (x) => x.partitions.length === 3 && x.partitions[2]?.end === 30,
      'the group with all three partitions',
    );
    expect(
      d.partitions.map(({ topic: _t, ...p }) => [p.partition, p.committed, p.logStart, p.end, p.lag]),
    ).toEqual([
      [0, 3, 0, 10, 7],
      [1, 5, 0, 20, 15],
      [2, null, 0, 30, null],
    ]);
    expect(d.partitions[2]).toMatchObject({ noCommit: true, lagSeconds: null });
    expect(d.group).toMatchObject({ lag: 22, partitions: 3, partitionsWithoutCommit: 1, topics: [t] });
    expect(d.group.maxLag).toEqual({ topic: t, partition: 1, lag: 15 });
  });

  it('counts the backlog from the log start when DeleteRecords removed records the group had not read', async () => {
    const t = await topic(1);
    await produce(t, 0, 10);
    const g = group();
    await commitSeen(g, t, 0, 2);
    // kafkajs looks the leaders up in its cached metadata without loading it first
    await admin.fetchTopicMetadata({ topics: [t] });
    await admin.deleteTopicRecords({ topic: t, partitions: [{ partition: 0, offset: '5' }] });
    const d = await groupWhen(ts.sampler, CLUSTER, g, (x) => x.partitions[0]?.logStart === 5, 'log start 5');
    expect(d.partitions[0]).toMatchObject({
      committed: 2,
      logStart: 5,
      end: 10,
      lag: 5,
      skippedByRetention: 3,
    });
    expect(d.group.lag).toBe(5);
  });

  it('gives the age of the oldest unconsumed record from its timestamp', async () => {
    const t = await topic(1);
    const base = Date.now() - 120_000;
    await produce(t, 0, 5, (i) => base + i * 1000);
    const g = group();
    const committedAt = Date.now();
    await commit(g, t, [[0, 2]]);
    const d = await groupWhen(
      ts.sampler,
      CLUSTER,
      g,
      (x) => x.partitions[0]?.lagSecondsMethod === 'exact',
      'an exact time lag',
    );
    const checkedAt = Date.now();
    const recordTs = base + 2000;
    const p = d.partitions[0];
    expect(p?.lag).toBe(3);
    expect(p?.lagSeconds).toBeGreaterThanOrEqual((committedAt - recordTs) / 1000 - 0.001);
    expect(p?.lagSeconds).toBeLessThanOrEqual((checkedAt - recordTs) / 1000 + 0.001);
    expect(d.group.lagSeconds).toBe(p?.lagSeconds);
  });

  it('turns STOP when the consumer stops committing with a backlog', async () => {
    const t = await topic(1);
    await produce(t, 0, 20);
    const g = group();
    await commitSeen(g, t, 0, 2);
    await commitSeen(g, t, 0, 4);
    const d = await groupWhen(ts.sampler, CLUSTER, g, (x) => x.group.status === 'STOP', 'STOP');
    expect(d.partitions[0]).toMatchObject({ status: 'STOP', rule: 'stopped', committed: 4, lag: 16 });
  });

  it('turns WARN when the consumer commits but falls further behind', async () => {
    const t = await topic(1);
    const g = group();
    let seen = 0;
    for (let step = 1; step <= 3; step++) {
      await produce(t, 0, 10);
      const d = await commitSeen(g, t, 0, step);
      seen = d.partitions[0]?.lag ?? -1;
      expect(seen).toBe(10 * step - step);
    }
    const d = await groupWhen(
      ts.sampler,
      CLUSTER,
      g,
      (x) => x.group.status === 'WARN' || x.group.status === 'STOP',
      'WARN',
    );
    expect(d.group.status).toBe('WARN');
    expect(d.partitions[0]?.rule).toBe('lag-not-decreasing');
  });

  it('has a finite ETA while the group drains, and none ("not draining") when it is stuck', async () => {
    const t = await topic(1);
    await produce(t, 0, 100);
    // The backlog arrived just now: wait until the produce rate over the rate window is back to 0.
    await eventually(() => (getTopic(ts.sampler, CLUSTER, t)?.inRate === 0 ? true : undefined), {
      timeoutMs: 20_000,
      what: 'the topic idle',
    });
    const draining = group();
    const stuck = group();
    await commitSeen(stuck, t, 0, 10);
    let d = await commitSeen(draining, t, 0, 10);
    for (let offset = 20; offset <= 60 && d.group.etaState !== 'draining'; offset += 10) {
      d = await commitSeen(draining, t, 0, offset);
    }
    expect(d.group.etaState).toBe('draining');
    expect(d.group.etaSeconds).toBeGreaterThan(0);
    expect(Number.isFinite(d.group.etaSeconds)).toBe(true);
    expect(d.group.outRate).toBeGreaterThan(0);
    const s = await groupWhen(
      ts.sampler,
      CLUSTER,
      stuck,
      (x) => x.group.etaState !== 'unknown',
      'the stuck group with known rates',
    );
    expect(s.group).toMatchObject({ lag: 90, etaSeconds: null, etaState: 'not-draining' });
  });
}

describe('lag of consumer groups on the embedded broker', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker();
  });
  afterAll(async () => {
    await broker?.close();
  });
  lagSuite(() => [broker.bootstrap]);
});

describeService('kafka', 'lag of consumer groups on Apache Kafka', () => {
  lagSuite(() => [...KAFKA_BROKERS]);
});
