/*
 * Scenario: an operator asks for drains that must not start — an unknown topic, an unknown group, a group
 * with an active consumer, a factor outside 2..100, a temp topic that already exists, a second drain of
 * the same source. Each is refused with a one-line reason and nothing is created: no temp topic, no job.
 * With --force the active-member refusal becomes a warning. Runs on the embedded broker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../lib/auth/actor';
import { kafkaCluster } from '../lib/config';
import '../lib/recovery/kinds';
import { createKafkaDrain } from '../lib/recovery/drain-kafka/create';
import { planKafkaDrain } from '../lib/recovery/drain-kafka/plan';
import type { JobEnv } from '../lib/recovery/jobs/types';
import { openStore, type Store } from '../lib/store';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { newSeq, produceKeyed, settle } from './helpers/drain';
import { FAST_CONSUMER, kafkaFor } from './helpers/kafkajs';
import { uniqueName } from './helpers/services';

describe('drain (Kafka): refusals change nothing', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let store: Store;
  let dir: string;
  let env: JobEnv;
  const topic = uniqueName('refuse-src');
  const group = uniqueName('refuse-g');
  const actor = cliActor();

  const topicsNow = async () => (await admin.listTopics()).filter((t) => t.startsWith(topic)).sort();
  const start = (over: Partial<{ topic: string; group: string; factor: number; force: boolean }> = {}) =>
    createKafkaDrain(store, env, { cluster: 'e', topic, group, factor: 10, ...over }, actor, 'cli');

  beforeAll(async () => {
    broker = await startTestBroker();
    kafka = kafkaFor(broker.bootstrap);
    admin = kafka.admin();
    await admin.connect();
    dir = mkdtempSync(path.join(tmpdir(), 'spillway-drain-refuse-'));
    store = openStore(dir);
    const cluster = kafkaCluster.parse({ name: 'e', kind: 'kafka', brokers: [broker.bootstrap] });
    env = { cluster: () => cluster };
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    await produceKeyed(kafka, topic, 300, 10, newSeq(), 'backlog');
    await admin.setOffsets({
      groupId: group,
      topic,
      partitions: [0, 1, 2].map((p) => ({ partition: p, offset: '0' })),
    });
  }, 60_000);

  afterAll(async () => {
    await admin?.disconnect();
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await broker?.close();
  });

  it('refuses an unknown topic, an unknown group and a bad factor, creating nothing', async () => {
    await expect(start({ topic: 'no-such-topic' })).rejects.toThrow(
      'unknown topic "no-such-topic" on cluster e',
    );
    await expect(start({ group: 'no-such-group' })).rejects.toThrow(/unknown consumer group "no-such-group"/);
    await expect(start({ factor: 1 })).rejects.toThrow(
      '--factor must be an integer between 2 and 100 (got 1)',
    );
    await expect(start({ factor: 101 })).rejects.toThrow(/between 2 and 100/);
    expect(await topicsNow()).toEqual([topic]);
    expect(store.jobs.list()).toEqual([]);
    expect(store.auditLog.list({ action: 'drain-kafka.start' }).every((e) => e.result === 'error')).toBe(
      true,
    );
  });

  it('samples the backlog for key-less records and warns with the count', async () => {
    const plan = await planKafkaDrain(env.cluster('e'), { topic, group, factor: 10 }, 'sample');
    expect(plan.keylessSample).toEqual({ sampled: 300, keyless: 0 });
    expect(plan.warnings.join('\n')).not.toMatch(/no key/);

    const mixed = uniqueName('refuse-keyless');
    const mixedGroup = uniqueName('refuse-keyless-g');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: mixed, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: mixed,
      messages: Array.from({ length: 40 }, (_, i) => ({ key: i % 4 === 0 ? null : `k${i}`, value: `v${i}` })),
    });
    await producer.disconnect();
    await admin.setOffsets({
      groupId: mixedGroup,
      topic: mixed,
      partitions: [{ partition: 0, offset: '10' }],
    });
    const p2 = await planKafkaDrain(
      env.cluster('e'),
      { topic: mixed, group: mixedGroup, factor: 2 },
      'sample',
    );
    // Offsets 10..39 are the backlog; every fourth record (12, 16, …, 36) has no key.
    expect(p2.keylessSample).toEqual({ sampled: 30, keyless: 7 });
    expect(p2.warnings.join('\n')).toMatch(/7 of 30 sampled backlog records have no key/);
    await admin.deleteTopics({ topics: [mixed] });
  });

  it('refuses a group with an active member unless forced', async () => {
    const consumer: Consumer = kafka.consumer({ ...FAST_CONSUMER, groupId: group });
    await consumer.connect();
    await consumer.subscribe({ topic });
    await consumer.run({ autoCommit: false, eachMessage: async () => {} });
    try {
      await settle(async () => {
        const g = (await admin.describeGroups([group])).groups[0];
        expect(g?.members.length).toBe(1);
      });
      await expect(start()).rejects.toThrow(
        /has 1 active member; stop its consumers first .* or pass --force/,
      );
      expect(await topicsNow()).toEqual([topic]);
      const plan = await planKafkaDrain(env.cluster('e'), { topic, group, factor: 10 }, 'j-preview');
      expect(plan.warnings.join('\n')).toMatch(/1 active member/);
      const forced = await start({ force: true });
      expect(forced.state).toBe('planned');
      expect(await topicsNow()).toEqual([topic, `${topic}.drain.${forced.id}`]);
      // One active job per source: a second drain of the same topic and group is refused.
      await expect(start({ force: true })).rejects.toThrow(`job ${forced.id} is already active`);
      expect(store.jobs.list()).toHaveLength(1);
    } finally {
      await consumer.disconnect();
    }
  });

  it('refuses when the temp topic already exists', async () => {
    const plan = await planKafkaDrain(env.cluster('e'), { topic, group, factor: 2 }, 'j-fixedid1');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: plan.tempTopic, numPartitions: 1 }] });
    const again = await planKafkaDrain(env.cluster('e'), { topic, group, factor: 2 }, 'j-fixedid1');
    expect(again.tempTopicExists).toBe(true);
    const { checkPreconditions } = await import('../lib/recovery/drain-kafka/plan');
    expect(() => checkPreconditions(again, true)).toThrow(`temp topic ${plan.tempTopic} already exists`);
  });
});
