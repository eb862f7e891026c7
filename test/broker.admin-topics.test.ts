/*
 * Scenario: an operator tool built on kafkajs 2.2.4 (Spillway's own sources layer, for one) administers
 * the embedded broker over TCP with every admin call Spillway uses. This file: topics (create,
 * validate-only, errors, partitions, delete), metadata, offsets by position and by time, group offsets.
 * Every answer is checked against what the broker really did, not only that the call resolved.
 */
import { describe, expect, it } from 'vitest';
import {
  admin,
  consumeAndCommit,
  createTopic,
  errorTypes,
  groupOffsets,
  producer,
  produceTo,
  registerAdminBroker,
  rejection,
  renewProducer,
  runConsumer,
  stopConsumer,
  strict,
  tb,
  topicExists,
  topicPartitions,
} from './helpers/admin-fixture';
import { highWatermarks } from './helpers/kafkajs';
import { eventually, uniqueName } from './helpers/services';

registerAdminBroker();

describe('kafkajs admin: topics', () => {
  it('createTopics with validateOnly checks the request but creates nothing', async () => {
    const topic = uniqueName('admin-validate');
    // kafkajs would wait for leaders of a topic that validateOnly did not create (against any broker)
    expect(
      await admin.createTopics({
        validateOnly: true,
        waitForLeaders: false,
        topics: [{ topic, numPartitions: 3 }],
      }),
    ).toBe(true);
    expect(await topicExists(topic)).toBe(false);
    // validateOnly still reports what would fail
    const err = await rejection(
      strict.createTopics({
        validateOnly: true,
        waitForLeaders: false,
        topics: [{ topic, numPartitions: 1, replicationFactor: 3 }],
      }),
    );
    expect(errorTypes(err)).toContain('INVALID_REPLICATION_FACTOR');
    expect(await topicExists(topic)).toBe(false);
  });

  it('createTopics creates partitions and configs; metadata shows this node leading every partition', async () => {
    const topic = await createTopic(3, [{ name: 'retention.ms', value: '7200000' }]);
    expect(await topicExists(topic)).toBe(true);
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(md.topics).toHaveLength(1);
    const partitions = [...(md.topics[0]?.partitions ?? [])].sort((a, b) => a.partitionId - b.partitionId);
    expect(partitions.map((p) => p.partitionId)).toEqual([0, 1, 2]);
    for (const p of partitions) {
      expect(p.partitionErrorCode).toBe(0);
      expect(p.leader).toBe(tb.broker.nodeId);
      expect(p.replicas).toEqual([tb.broker.nodeId]);
      expect(p.isr).toEqual([tb.broker.nodeId]);
    }
    // the no-argument form lists every topic, this one included
    const all = await admin.fetchTopicMetadata();
    expect(all.topics.map((t) => t.name)).toContain(topic);
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toEqual([{ nodeId: tb.broker.nodeId, host: '127.0.0.1', port: tb.broker.port }]);
    expect(cluster.controller).toBe(tb.broker.nodeId);
    expect(cluster.clusterId).toBe(tb.broker.clusterId);
  });

  it('createTopics for an existing topic reports it (kafkajs: false) and changes nothing', async () => {
    const topic = await createTopic(2);
    await produceTo(topic, 1, 3);
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 5 }] })).toBe(false);
    expect(
      await admin.createTopics({
        validateOnly: true,
        waitForLeaders: false,
        topics: [{ topic, numPartitions: 5 }],
      }),
    ).toBe(false);
    expect(await topicPartitions(topic)).toBe(2);
    expect(await highWatermarks(admin, topic)).toEqual(
      new Map([
        [0, 0],
        [1, 3],
      ]),
    );
  });

  it('createTopics rejects invalid names and replication factor 3 with the Kafka error codes', async () => {
    for (const bad of ['has space', 'slash/name', '..', 'x'.repeat(250)]) {
      const err = await rejection(strict.createTopics({ topics: [{ topic: bad, numPartitions: 1 }] }));
      expect(errorTypes(err), bad).toContain('INVALID_TOPIC_EXCEPTION');
      expect(await topicExists(bad)).toBe(false);
    }
    const topic = uniqueName('admin-rf3');
    const err = await rejection(
      strict.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 3 }] }),
    );
    expect(errorTypes(err)).toContain('INVALID_REPLICATION_FACTOR');
    expect(await topicExists(topic)).toBe(false);
    // a bad config value is refused too
    const err2 = await rejection(
      strict.createTopics({
        topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: 'soon' }] }],
      }),
    );
    expect(errorTypes(err2)).toContain('INVALID_CONFIG');
    expect(await topicExists(topic)).toBe(false);
  });

  it('createPartitions grows a topic, keeps its data, and refuses to shrink', async () => {
    const topic = await createTopic(2);
    await produceTo(topic, 0, 4);
    await admin.createPartitions({ validateOnly: true, topicPartitions: [{ topic, count: 8 }] });
    expect(await topicPartitions(topic)).toBe(2);
    await admin.createPartitions({ topicPartitions: [{ topic, count: 5 }] });
    expect(await topicPartitions(topic)).toBe(5);
    const hw = await highWatermarks(admin, topic);
    expect([...hw.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 4],
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
    ]);
    // a new producer (kafkajs producers only learn of new partitions on their periodic metadata refresh)
    await renewProducer();
    await produceTo(topic, 4, 2);
    expect((await highWatermarks(admin, topic)).get(4)).toBe(2);
    const err = await rejection(strict.createPartitions({ topicPartitions: [{ topic, count: 3 }] }));
    expect(errorTypes(err)).toContain('INVALID_PARTITIONS');
    expect(await topicPartitions(topic)).toBe(5);
    const unknown = await rejection(
      strict.createPartitions({ topicPartitions: [{ topic: uniqueName('nope'), count: 3 }] }),
    );
    expect(errorTypes(unknown)).toContain('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('deleteTopics removes the topic with its data and group offsets; unknown topics are an error', async () => {
    const topic = await createTopic(1);
    await produceTo(topic, 0, 3);
    const groupId = uniqueName('admin-del-topic');
    await consumeAndCommit(groupId, topic, { 0: '3' });

    await admin.deleteTopics({ topics: [topic] });
    expect(await topicExists(topic)).toBe(false);
    const err = await rejection(strict.deleteTopics({ topics: [topic] }));
    expect(errorTypes(err)).toContain('UNKNOWN_TOPIC_OR_PARTITION');

    // the same name again is a new, empty topic with no committed offsets
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    expect(await highWatermarks(admin, topic)).toEqual(new Map([[0, 0]]));
    expect(await groupOffsets(groupId, topic)).toEqual({ 0: '-1' });
  });
});

describe('kafkajs admin: offsets', () => {
  it('fetchTopicOffsets gives low and high watermarks per partition', async () => {
    const topic = await createTopic(3);
    await produceTo(topic, 0, 7);
    await produceTo(topic, 2, 12, 'x', 4);
    const offsets = await admin.fetchTopicOffsets(topic);
    const by = Object.fromEntries(offsets.map((o) => [o.partition, { low: o.low, high: o.high }]));
    expect(by).toEqual({
      0: { low: '0', high: '7' },
      1: { low: '0', high: '0' },
      2: { low: '0', high: '12' },
    });
  });

  it('fetchTopicOffsetsByTimestamp finds the first offset at or after a time, across batches', async () => {
    const topic = await createTopic(2);
    const base = Date.now() - 10 * 60_000;
    // partition 0: offsets 0..9 at base + 1000*i, in three batches (out-of-order timestamps inside one)
    const p0 = Array.from({ length: 10 }, (_, i) => ({ value: `a${i}`, timestamp: String(base + 1000 * i) }));
    await producer.send({ topic, acks: -1, messages: p0.slice(0, 4).map((m) => ({ ...m, partition: 0 })) });
    await producer.send({ topic, acks: -1, messages: p0.slice(4, 7).map((m) => ({ ...m, partition: 0 })) });
    await producer.send({ topic, acks: -1, messages: p0.slice(7).map((m) => ({ ...m, partition: 0 })) });
    // partition 1: two records at base + 5500 and base + 20000
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { value: 'b0', partition: 1, timestamp: String(base + 5500) },
        { value: 'b1', partition: 1, timestamp: String(base + 20_000) },
      ],
    });
    const at = async (ts: number) =>
      Object.fromEntries(
        (await admin.fetchTopicOffsetsByTimestamp(topic, ts)).map((o) => [o.partition, o.offset]),
      );
    expect(await at(base - 1)).toEqual({ 0: '0', 1: '0' });
    expect(await at(base)).toEqual({ 0: '0', 1: '0' });
    expect(await at(base + 1)).toEqual({ 0: '1', 1: '0' });
    expect(await at(base + 3000)).toEqual({ 0: '3', 1: '0' });
    expect(await at(base + 4500)).toEqual({ 0: '5', 1: '0' });
    expect(await at(base + 5501)).toEqual({ 0: '6', 1: '1' });
    expect(await at(base + 9000)).toEqual({ 0: '9', 1: '1' });
    // after every record: kafkajs falls back to the high watermark (the broker answers -1)
    expect(await at(base + 9001)).toEqual({ 0: '10', 1: '1' });
    expect(await at(base + 60_000)).toEqual({ 0: '10', 1: '2' });
  });

  it('fetchOffsets reports what a consumer group committed, -1 where it committed nothing', async () => {
    const topic = await createTopic(3);
    await produceTo(topic, 0, 5);
    await produceTo(topic, 2, 3);
    const groupId = uniqueName('admin-fetch-offsets');
    const seen: { partition: number; value: string }[] = [];
    const consumer = await runConsumer(groupId, topic, seen);
    await eventually(
      async () => {
        const o = await groupOffsets(groupId, topic);
        return o[0] === '5' && o[2] === '3' ? o : undefined;
      },
      { what: 'committed offsets 5 and 3' },
    );
    await stopConsumer(consumer);
    expect(await groupOffsets(groupId, topic)).toEqual({ 0: '5', 1: '-1', 2: '3' });
    expect(seen.map((m) => m.value).sort()).toEqual(['m-0', 'm-0', 'm-1', 'm-1', 'm-2', 'm-2', 'm-3', 'm-4']);
    // all topics of the group when none is named
    const all = await admin.fetchOffsets({ groupId });
    expect(all.map((t) => t.topic)).toEqual([topic]);
  });
});
