/*
 * Scenario: a consumer group G has fallen behind on a 3-partition topic of keyed messages (per-key sequence
 * numbers). The operator drains it with factor 10: the dispatcher copies the backlog (and what keeps
 * arriving) into `<topic>.drain.<job>` with 30 partitions, 30 workers with a ~1 ms handler consume it,
 * then the operator restores: the dispatcher stops at a cut-over, the workers finish, G moves to the
 * cut-over and the temp topic is deleted. Checked: every backlog message reached a worker at least once,
 * per-key order held, nothing was copied twice (no restart happened), headers were kept, G's consumers then
 * see exactly the messages after the cut-over, and the temp topic is gone. Runs on the embedded broker and
 * on Apache Kafka.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../lib/auth/actor';
import { type ClusterConfig, kafkaCluster } from '../lib/config';
import { createLogger } from '../lib/logger';
import '../lib/recovery/kinds';
import { createKafkaDrain } from '../lib/recovery/drain-kafka/create';
import type { DrainKafkaCheckpoint } from '../lib/recovery/drain-kafka/types';
import { controlJob } from '../lib/recovery/jobs/control';
import { JobRunner } from '../lib/recovery/jobs/runner';
import type { JobEnv } from '../lib/recovery/jobs/types';
import { openStore, type Store } from '../lib/store';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { checkDrain, newSeq, produceKeyed, settle, startWorkers, waitForMembers } from './helpers/drain';
import { kafkaFor } from './helpers/kafkajs';
import { describeService, KAFKA_BROKERS, uniqueName } from './helpers/services';

const COUNT = Number(process.env.SPILLWAY_DRAIN_TEST_COUNT ?? 200_000);

interface Target {
  name: string;
  count: number;
  setup(): Promise<{ kafka: Kafka; cluster: ClusterConfig; close(): Promise<void> }>;
}

function drainScenario(t: Target) {
  let kafka: Kafka;
  let admin: Admin;
  let cluster: ClusterConfig;
  let close: () => Promise<void>;
  let store: Store;
  let dir: string;
  const topic = uniqueName('drain-src');
  const group = uniqueName('drain-g');
  const keys = 1000;
  const seq = newSeq();
  const actor = cliActor();
  const log = createLogger('test', { level: 'error' });

  beforeAll(async () => {
    ({ kafka, cluster, close } = await t.setup());
    admin = kafka.admin();
    await admin.connect();
    dir = mkdtempSync(path.join(tmpdir(), 'spillway-drain-'));
    store = openStore(dir);
  }, 60_000);

  afterAll(async () => {
    await admin?.disconnect();
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await close?.();
  });

  it(`drains ${t.count.toLocaleString('en-US')} keyed messages with factor 10 and 30 workers, then restores`, async () => {
    const env: JobEnv = { cluster: () => cluster };
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    });
    // G consumed the first 100 messages of each partition, then stopped.
    await produceKeyed(kafka, topic, t.count, keys, seq, 'backlog');
    await admin.setOffsets({
      groupId: group,
      topic,
      partitions: [0, 1, 2].map((p) => ({ partition: p, offset: '100' })),
    });

    const runner = new JobRunner({ store, env, log });
    const job = await createKafkaDrain(
      store,
      env,
      { cluster: cluster.name, topic, group, factor: 10 },
      actor,
      'cli',
      runner.owner,
    );
    const plan = job.plan as {
      tempTopic: string;
      tempGroup: string;
      tempPartitions: number;
      backlog: number;
    };
    expect(plan.tempPartitions).toBe(30);
    expect(plan.backlog).toBe(t.count - 300);
    const tempMeta = await admin.fetchTopicMetadata({ topics: [plan.tempTopic] });
    expect(tempMeta.topics[0]?.partitions).toHaveLength(30);

    const workers = await startWorkers(kafka, plan.tempTopic, plan.tempGroup, 30, 1);
    try {
      await waitForMembers(admin, plan.tempGroup, 30);
      const run = runner.runJob(job.id, { stayWhilePaused: true });
      // New arrivals while the drain runs are followed too.
      await settle(() => expect(store.jobs.require(job.id).done).toBeGreaterThan(0), { timeoutMs: 60_000 });
      await produceKeyed(kafka, topic, 3000, keys, seq, 'during');
      const expected = t.count - 300 + 3000;
      await settle(() => expect(store.jobs.require(job.id).done).toBe(expected), {
        timeoutMs: 600_000,
        intervalMs: 500,
      });

      controlJob(store, job.id, 'restore', actor);
      await settle(
        () => expect((store.jobs.require(job.id).checkpoint as DrainKafkaCheckpoint).cutover).toBeDefined(),
        { timeoutMs: 30_000 },
      );
      // Produced after the cut-over: for the original consumers, not the workers.
      await produceKeyed(kafka, topic, 1000, keys, seq, 'after');
      // Drained and the group moved: the restore waits for the workers to leave before deleting the topic.
      await settle(
        () =>
          expect((store.jobs.require(job.id).checkpoint as DrainKafkaCheckpoint).restoreStep).toBe(
            'offsets-set',
          ),
        { timeoutMs: 600_000, intervalMs: 500 },
      );
      expect(store.jobs.require(job.id).state).toBe('restoring');
      await workers.stop();
      expect(await run).toBe('completed');
      const final = store.jobs.require(job.id);
      const cp = final.checkpoint as DrainKafkaCheckpoint;
      expect(final.state).toBe('completed');

      const check = checkDrain(workers.seen, { 0: 100, 1: 100, 2: 100 }, cp.cutover ?? {});
      expect(check.missing).toBe(0);
      expect(check.copiedTwice).toEqual([]);
      expect(check.orderViolations).toEqual([]);
      expect(workers.seen.every((s) => s.header === 'kept')).toBe(true);
      expect(workers.seen.some((s) => s.phase === 'after')).toBe(false);
      const cutTotal = Object.values(cp.cutover ?? {}).reduce((a, b) => a + b, 0);
      expect(cutTotal).toBe(t.count + 3000);
    } finally {
      await workers.stop();
    }

    await settle(async () => expect(await admin.listTopics()).not.toContain(plan.tempTopic), {
      timeoutMs: 30_000,
    });
    // The original group resumes at the cut-over: exactly the messages produced after it.
    const g = await startWorkers(kafka, topic, group, 1, 0);
    try {
      await settle(() => expect(g.seen.length).toBeGreaterThanOrEqual(1000), { timeoutMs: 60_000 });
      await new Promise((r) => setTimeout(r, 1000));
      const unique = new Set(g.seen.map((s) => `${s.partition}/${s.offset}`));
      expect(unique.size).toBe(1000);
      expect(g.seen.every((s) => s.phase === 'after')).toBe(true);
    } finally {
      await g.stop();
    }
    const actions = store.auditLog.list({ target: job.id }).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'drain-kafka.start',
        'drain-kafka.restore',
        'drain-kafka.cutover',
        'drain-kafka.restored',
      ]),
    );
  }, 900_000);
}

describe('drain (Kafka): embedded broker', () => {
  let broker: TestBroker;
  drainScenario({
    name: 'embedded',
    count: COUNT,
    async setup() {
      broker = await startTestBroker();
      const cluster = kafkaCluster.parse({
        name: 'embedded-test',
        kind: 'kafka',
        brokers: [broker.bootstrap],
      });
      return { kafka: kafkaFor(broker.bootstrap), cluster, close: () => broker.close() };
    },
  });
});

describeService('kafka', 'drain (Kafka): Apache Kafka', () => {
  drainScenario({
    name: 'apache',
    count: Number(process.env.SPILLWAY_DRAIN_TEST_COUNT_APACHE ?? COUNT),
    async setup() {
      const cluster = kafkaCluster.parse({ name: 'apache', kind: 'kafka', brokers: [...KAFKA_BROKERS] });
      return { kafka: kafkaFor(KAFKA_BROKERS[0] as string), cluster, close: async () => {} };
    },
  });
});
