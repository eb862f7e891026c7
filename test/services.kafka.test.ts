// Proves the test Apache Kafka (scripts/kafka.sh) is real and usable: topic admin, acks=all produce,
// group consumption, commits and committed-offset lookup, all through kafkajs.
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { ConfigResourceTypes, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeService, KAFKA_BROKERS, testKafka, uniqueName } from './helpers/services';

const MESSAGES = 100;
const PARTITIONS = 3;
const KEYS = 10;

describeService('kafka', 'test Apache Kafka', () => {
  const topic = uniqueName('services-kafka');
  const groupId = uniqueName('services-kafka-group');
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    if (admin) {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('is Apache Kafka in KRaft combined mode, advertising the configured listener', async () => {
    const [host, port] = KAFKA_BROKERS[0]!.split(':');
    const cluster = await admin.describeCluster();
    expect(cluster.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(cluster.brokers.map((b) => b.port)).toContain(Number(port));
    expect(cluster.brokers.some((b) => b.host === host)).toBe(true);

    // Broker configs as only Apache Kafka reports them: this node is both broker and controller.
    const nodeId = String(cluster.brokers[0]!.nodeId);
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.BROKER, name: nodeId, configNames: ['process.roles', 'node.id'] },
      ],
    });
    const entries = described.resources[0]!.configEntries;
    const value = (name: string) => entries.find((e) => e.configName === name)?.configValue;
    expect(value('process.roles')).toBe('broker,controller');
    expect(value('node.id')).toBe(nodeId);
  });

  it('creates a 3-partition topic, produces 100 keyed messages with acks=all and consumes them all', async () => {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
    });
    expect(created).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]!.partitions).toHaveLength(PARTITIONS);

    producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const sent = Array.from({ length: MESSAGES }, (_, i) => ({
      key: `key-${i % KEYS}`,
      value: `value-${String(i).padStart(3, '0')}`,
    }));
    const acks = await producer.send({ topic, acks: -1, messages: sent });
    expect(acks.every((r) => r.errorCode === 0)).toBe(true);

    consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });

    const received: { partition: number; offset: string; key: string; value: string }[] = [];
    const allReceived = new Promise<void>((resolve) => {
      void consumer!.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          received.push({
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? '',
            value: message.value?.toString() ?? '',
          });
          if (received.length === MESSAGES) resolve();
        },
      });
    });
    await allReceived;

    expect(received).toHaveLength(MESSAGES);
    expect(received.map((m) => m.value).sort()).toEqual(sent.map((m) => m.value).sort());
    // Same key -> same partition, and per-key order is the produce order.
    for (let k = 0; k < KEYS; k++) {
      const forKey = received.filter((m) => m.key === `key-${k}`);
      expect(new Set(forKey.map((m) => m.partition)).size).toBe(1);
      expect(forKey.map((m) => m.value)).toEqual(
        sent.filter((m) => m.key === `key-${k}`).map((m) => m.value),
      );
    }

    // Commit the next offset to read on every partition, then read the commits back through the admin API.
    const next = new Map<number, bigint>();
    for (const m of received) {
      const after = BigInt(m.offset) + 1n;
      if ((next.get(m.partition) ?? 0n) < after) next.set(m.partition, after);
    }
    await consumer.commitOffsets(
      [...next].map(([partition, offset]) => ({ topic, partition, offset: offset.toString() })),
    );
    await consumer.disconnect();
    consumer = undefined;

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const partitions = committed.find((t) => t.topic === topic)!.partitions;
    expect(partitions).toHaveLength(PARTITIONS);
    const total = partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(total).toBe(MESSAGES);

    const ends = await admin.fetchTopicOffsets(topic);
    expect(ends.reduce((sum, p) => sum + Number(p.high), 0)).toBe(MESSAGES);
  });
});
