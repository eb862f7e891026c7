// A sampling round at the benchmark's size: 10,000 partitions (100 topics × 100) and 1,000 groups, each
// group committed on 10 partitions of one topic. Checks that sample() reads it all in few round trips with
// the right numbers, and prints the round times (no timing assertion: figures belong in bench/). Runs on the
// embedded broker; on Apache Kafka too with SPILLWAY_SOURCES_ROUND_KAFKA=1 — only on a broker of your own:
// Kafka holds a file descriptor per partition, and 10,000 more partitions on the shared test broker (ulimit
// -n 20000) can exhaust them and take it down for everyone, above all if the run is interrupted before its
// cleanup deletes the topics.
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterConfig, embeddedCluster, kafkaCluster } from '../lib/config';
import { createSource, type KafkaSource } from '../lib/sources';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { describeService, eventually, KAFKA_BROKERS, uniqueName } from './helpers/services';
import { DirectCommitter, testClient } from './helpers/source-kafka';

const TOPICS = 100;
const PARTITIONS = 100;
const GROUPS = 1000;
const COMMITTED_PER_GROUP = 10;
const ROUNDS = 5;

function roundSuite(
  target: () => Promise<{
    cluster: ClusterConfig & { kind: 'embedded' | 'kafka' };
    bootstrap: string[];
    close(): Promise<void>;
  }>,
) {
  const prefix = uniqueName('sources-round');
  const topics = Array.from({ length: TOPICS }, (_, i) => `${prefix}-t${i}`);
  const groups = Array.from({ length: GROUPS }, (_, i) => `${prefix}-g${i}`);
  let close: () => Promise<void>;
  let kafka: Kafka;
  let admin: Admin;
  let source: KafkaSource;

  beforeAll(async () => {
    const t = await target();
    close = t.close;
    kafka = testClient(t.bootstrap);
    admin = kafka.admin();
    await admin.connect();
    const started = Date.now();
    for (let i = 0; i < topics.length; i += 20) {
      // Leaders are awaited below: kafkajs's own wait gives up on 2,000 fresh partitions on Apache Kafka.
      await admin.createTopics({
        waitForLeaders: false,
        topics: topics
          .slice(i, i + 20)
          .map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
      });
    }
    source = createSource(t.cluster);
    await eventually(
      async () => {
        const led = (await source.sample()).partitions.filter(
          (p) => p.topic.startsWith(prefix) && p.end !== null,
        );
        return led.length === TOPICS * PARTITIONS ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000, what: 'every partition led' },
    );
    const committer = new DirectCommitter(kafka);
    await committer.connect();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < groups.length) {
          const g = next++;
          const first = (g % (PARTITIONS / COMMITTED_PER_GROUP)) * COMMITTED_PER_GROUP;
          const offsets = Array.from({ length: COMMITTED_PER_GROUP }, (_, j): [number, number] => [
            first + j,
            0,
          ]);
          await committer.commit(groups[g] as string, topics[g % TOPICS] as string, offsets);
        }
      }),
    );
    await committer.disconnect();
    console.log(
      `round setup: ${TOPICS} topics × ${PARTITIONS} partitions, ${GROUPS} groups in ${Date.now() - started} ms`,
    );
  }, 600_000);

  afterAll(async () => {
    await source?.close();
    if (admin) {
      for (let i = 0; i < groups.length; i += 200)
        await admin.deleteGroups(groups.slice(i, i + 200)).catch(() => undefined);
      await admin.deleteTopics({ topics, timeout: 60_000 }).catch(() => undefined);
      await admin.disconnect();
    }
    await close?.();
  }, 300_000);

  it('samples 10,000 partitions and 1,000 groups in one round', async () => {
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const sample = await source.sample();
      times.push(Math.round(performance.now() - started));
      const ours = sample.partitions.filter((p) => p.topic.startsWith(prefix));
      expect(ours).toHaveLength(TOPICS * PARTITIONS);
      expect(ours.every((p) => p.logStart === 0 && p.end === 0)).toBe(true);
      const groupsOfOurs = sample.groups.filter((g) => g.groupId.startsWith(prefix));
      expect(groupsOfOurs).toHaveLength(GROUPS);
      for (const g of groupsOfOurs) {
        // Every partition of the group's topic is listed; the 10 committed ones at 0, the others "no commit".
        expect(g.offsets).toHaveLength(PARTITIONS);
        expect(g.offsets.filter((o) => o.committed === 0)).toHaveLength(COMMITTED_PER_GROUP);
      }
    }
    const started = performance.now();
    const snapshot = await source.snapshot();
    const snapshotMs = Math.round(performance.now() - started);
    expect(snapshot.topics.filter((t) => t.name.startsWith(prefix))).toHaveLength(TOPICS);
    console.log(
      `sample() rounds over ${TOPICS * PARTITIONS} partitions / ${GROUPS} groups: ${times.join(', ')} ms (first includes connecting); snapshot(): ${snapshotMs} ms`,
    );
  }, 300_000);
}

describe('Kafka source round at benchmark size, embedded broker', () => {
  let broker: TestBroker;
  roundSuite(async () => {
    broker = await startTestBroker({ fsync: 'never' });
    return {
      cluster: embeddedCluster.parse({ name: 'round-embedded', kind: 'embedded', port: broker.broker.port }),
      bootstrap: [broker.bootstrap],
      close: () => broker.close(),
    };
  });
});

if (process.env.SPILLWAY_SOURCES_ROUND_KAFKA === '1') {
  describeService('kafka', 'Kafka source round at benchmark size, Apache Kafka', () => {
    roundSuite(async () => ({
      cluster: kafkaCluster.parse({ name: 'round-apache', kind: 'kafka', brokers: [...KAFKA_BROKERS] }),
      bootstrap: [...KAFKA_BROKERS],
      close: async () => undefined,
    }));
  });
}
