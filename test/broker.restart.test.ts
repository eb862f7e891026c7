/*
 * Scenario: an operator stops the embedded broker cleanly and starts it again on the same data
 * directory. Clients must find everything as they left it: topics with their partition counts and
 * config overrides (deleted topics stay deleted), every record, the log start offsets moved by
 * DeleteRecords, committed group offsets, and the cluster id; producers continue at the next offset
 * and a group resumes where it committed.
 */
import { rmSync } from 'node:fs';
import { type Admin, ConfigResourceTypes, type Kafka } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker, tempDir } from './helpers/broker';
import { FAST_CONSUMER, kafkaFor, readAll, toConsumed } from './helpers/kafkajs';
import { eventually, uniqueName } from './helpers/services';

const dataDir = tempDir('spillway-restart-');
const open: { tb?: TestBroker; admin?: Admin } = {};

afterAll(async () => {
  await open.admin?.disconnect();
  await open.tb?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ tb: TestBroker; kafka: Kafka; admin: Admin }> {
  const tb = await startTestBroker({ dataDir });
  const kafka = kafkaFor(tb.bootstrap);
  const admin = kafka.admin();
  await admin.connect();
  open.tb = tb;
  open.admin = admin;
  return { tb, kafka, admin };
}

async function stop(): Promise<void> {
  await open.admin?.disconnect();
  await open.tb?.close();
  open.admin = undefined;
  open.tb = undefined;
}

/** Everything a client can observe about the topics and the group, in comparable form. */
async function snapshot(kafka: Kafka, admin: Admin, topics: string[], groupId: string) {
  const metadata = await admin.fetchTopicMetadata({ topics });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({
      type: ConfigResourceTypes.TOPIC,
      name,
      configNames: ['retention.ms', 'max.message.bytes', 'cleanup.policy'],
    })),
  });
  const offsets = await Promise.all(topics.map((t) => admin.fetchTopicOffsets(t)));
  const records = await Promise.all(
    topics.map(async (t) =>
      (await readAll(kafka, t))
        .map((m) => `${m.partition}/${m.offset}/${m.key}/${m.value}/${m.timestamp}`)
        .sort(),
    ),
  );
  const group = await admin.fetchOffsets({ groupId, topics });
  const described = (await admin.describeGroups([groupId])).groups[0];
  return {
    topics: (await admin.listTopics()).filter((t) => topics.includes(t)).sort(),
    partitions: metadata.topics.map((t) => [t.name, t.partitions.length]).sort(),
    configs: configs.resources
      .map((r) => [
        r.resourceName,
        r.configEntries.map((e) => [e.configName, e.configValue, e.isDefault]).sort(),
      ])
      .sort(),
    offsets: offsets.map((o) => o.map((p) => [p.partition, p.low, p.high]).sort()),
    records,
    group: group.map((t) => [t.topic, t.partitions.map((p) => [p.partition, p.offset]).sort()]),
    groupState: [described?.state, described?.protocolType],
  };
}

describe('clean stop and start on the same data directory', () => {
  it('keeps topics, configs, data, log start offsets and group offsets', async () => {
    let { tb, kafka, admin } = await start();
    const clusterId = tb.broker.clusterId;
    const orders = uniqueName('restart-orders');
    const audit = uniqueName('restart-audit');
    const gone = uniqueName('restart-gone');
    const groupId = uniqueName('restart-group');
    await admin.createTopics({
      topics: [
        {
          topic: orders,
          numPartitions: 3,
          configEntries: [
            { name: 'retention.ms', value: '123456789' },
            { name: 'max.message.bytes', value: '500000' },
          ],
        },
        { topic: audit, numPartitions: 1 },
        { topic: gone, numPartitions: 1 },
      ],
    });
    await admin.createPartitions({ topicPartitions: [{ topic: audit, count: 4 }] });
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: audit,
          configEntries: [{ name: 'retention.ms', value: '86400000' }],
        },
      ],
    });

    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    for (let i = 0; i < 60; i++) {
      await producer.send({
        topic: i % 2 === 0 ? orders : audit,
        acks: -1,
        messages: [{ key: `k${i % 7}`, value: `before-${i}`, timestamp: String(Date.now() - 1000 + i) }],
      });
    }
    await producer.disconnect();
    await admin.deleteTopics({ topics: [gone] });
    await admin.fetchTopicMetadata({ topics: [orders] });
    const before0 = (await admin.fetchTopicOffsets(orders)).find((p) => p.partition === 0);
    const cut = Math.max(1, Math.floor(Number(before0?.high) / 2));
    await admin.deleteTopicRecords({ topic: orders, partitions: [{ partition: 0, offset: String(cut) }] });

    // a group consumes both topics completely and commits
    const consumer = kafka.consumer({ groupId, ...FAST_CONSUMER });
    await consumer.connect();
    await consumer.subscribe({ topics: [orders, audit], fromBeginning: true });
    await consumer.run({ autoCommitThreshold: 1, eachMessage: async () => undefined });
    // committed = high watermark wherever there was something to consume
    const done = async () => {
      for (const t of [orders, audit]) {
        const ends = await admin.fetchTopicOffsets(t);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [t] });
        for (const e of ends) {
          const c = committed?.partitions.find((p) => p.partition === e.partition)?.offset;
          if (c !== e.high && !(c === '-1' && e.low === e.high)) return undefined;
        }
      }
      return true;
    };
    await eventually(done, { what: 'group committed everything' });
    await consumer.disconnect();

    const before = await snapshot(kafka, admin, [orders, audit], groupId);
    expect(before.offsets[0]?.[0]).toEqual([0, String(cut), before0?.high]);
    // the snapshot holds real content, so comparing it after the restart means something
    expect(before.records.map((r) => r.length)).toEqual([30 - cut, 30]);
    expect(JSON.stringify(before.configs)).toContain('"123456789",false');
    expect(JSON.stringify(before.configs)).toContain('"86400000",false');
    expect(before.group.flatMap(([, parts]) => parts as unknown[])).toHaveLength(7);
    expect(before.groupState).toEqual(['Empty', 'consumer']);
    expect(before.partitions).toEqual([
      [audit, 4],
      [orders, 3],
    ]);
    await stop();

    ({ tb, kafka, admin } = await start());
    expect(tb.broker.clusterId).toBe(clusterId);
    const after = await snapshot(kafka, admin, [orders, audit], groupId);
    expect(after).toEqual(before);
    expect(await admin.listTopics()).not.toContain(gone);

    // producers continue at the next offset; the group resumes at its committed offsets
    const producer2 = kafka.producer({ allowAutoTopicCreation: false });
    await producer2.connect();
    const [meta] = await producer2.send({
      topic: orders,
      acks: -1,
      messages: [{ value: 'after-0', partition: 0 }],
    });
    await producer2.disconnect();
    expect(meta?.baseOffset).toBe(before0?.high);
    const resumed: string[] = [];
    const consumer2 = kafka.consumer({ groupId, ...FAST_CONSUMER });
    await consumer2.connect();
    await consumer2.subscribe({ topics: [orders, audit], fromBeginning: true });
    await consumer2.run({
      eachMessage: async ({ partition, message }) => {
        resumed.push(toConsumed(partition, message).value ?? '');
      },
    });
    await eventually(() => (resumed.length >= 1 ? true : undefined), { what: 'the new message' });
    // give a wrongly rewound consumer the chance to show more than the one new record
    await eventually(
      async () => {
        const [t] = await admin.fetchOffsets({ groupId, topics: [orders] });
        return t?.partitions.find((p) => p.partition === 0)?.offset === String(Number(before0?.high) + 1)
          ? true
          : undefined;
      },
      { what: 'commit after the new message' },
    );
    await consumer2.disconnect();
    expect(resumed).toEqual(['after-0']);
  });
});
