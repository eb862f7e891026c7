/*
 * Scenario: an operator tool built on kafkajs 2.2.4 (Spillway's own sources layer, for one) administers
 * the embedded broker over TCP with every admin call Spillway uses: topics (create, validate-only,
 * errors, partitions, delete), metadata, offsets by position and by time, group offsets, group
 * inspection and deletion, offset resets on an empty group, topic configs and record deletion. Every
 * answer is checked against what the broker really did, not only that the call resolved.
 */
import {
  type Admin,
  AssignerProtocol,
  ConfigResourceTypes,
  ConfigSource,
  type Consumer,
  type Kafka,
  type Producer,
} from 'kafkajs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { FAST_CONSUMER, highWatermarks, kafkaFor, readAll, toConsumed } from './helpers/kafkajs';
import { eventually, uniqueName } from './helpers/services';

let tb: TestBroker;
let kafka: Kafka;
let admin: Admin;
/** An admin that does not retry, for calls expected to fail (kafkajs retries some errors for seconds). */
let strict: Admin;
/** A fresh producer per test: kafkajs producers keep refreshing metadata of every topic they wrote to. */
let producer: Producer;
const consumers: Consumer[] = [];

beforeAll(async () => {
  tb = await startTestBroker();
  kafka = kafkaFor(tb.bootstrap);
  admin = kafka.admin();
  strict = kafkaFor(tb.bootstrap, { retry: { retries: 0 } }).admin();
  await Promise.all([admin.connect(), strict.connect()]);
});

beforeEach(async () => {
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
});

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  await producer?.disconnect();
});

afterAll(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  await strict?.disconnect();
  await admin?.disconnect();
  await tb?.close();
});

/** The error a promise rejects with; fails the test if it resolves. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** Kafka error types (`type`) carried by a kafkajs error and its nested errors / groups / partitions. */
function errorTypes(err: unknown): string[] {
  const out: string[] = [];
  const visit = (e: unknown) => {
    if (e === null || typeof e !== 'object') return;
    const o = e as Record<string, unknown>;
    if (typeof o.type === 'string') out.push(o.type);
    for (const list of [o.errors, o.groups, o.partitions]) if (Array.isArray(list)) list.forEach(visit);
    for (const inner of [o.error, o.cause, o.originalError]) if (inner) visit(inner);
  };
  visit(err);
  return out;
}

async function createTopic(partitions = 1, configEntries: { name: string; value: string }[] = []) {
  const topic = uniqueName('admin');
  expect(await admin.createTopics({ topics: [{ topic, numPartitions: partitions, configEntries }] })).toBe(
    true,
  );
  return topic;
}

async function topicExists(topic: string): Promise<boolean> {
  return (await admin.listTopics()).includes(topic);
}

/** Produces `count` messages `<prefix>-<i>` to one partition, one request per `chunk` messages. */
async function produceTo(topic: string, partition: number, count: number, prefix = 'm', chunk = 5) {
  for (let i = 0; i < count; i += chunk) {
    const messages = [];
    for (let j = i; j < Math.min(count, i + chunk); j++)
      messages.push({ value: `${prefix}-${j}`, partition });
    await producer.send({ topic, acks: -1, messages });
  }
}

async function topicPartitions(topic: string): Promise<number> {
  const md = await admin.fetchTopicMetadata({ topics: [topic] });
  return md.topics[0]?.partitions.length ?? 0;
}

/**
 * Runs a consumer in `groupId` that records messages and commits after each one. `fetched` resolves at
 * its first fetch, when its start offsets are resolved.
 */
async function runConsumer(
  groupId: string,
  topic: string,
  sink: { partition: number; value: string }[],
  fromBeginning = true,
): Promise<Consumer & { fetched: Promise<void> }> {
  const consumer = kafka.consumer({ groupId, ...FAST_CONSUMER });
  consumers.push(consumer);
  const fetched = new Promise<void>((resolve) => {
    const off = consumer.on(consumer.events.FETCH, () => {
      off();
      resolve();
    });
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning });
  await consumer.run({
    autoCommitThreshold: 1,
    eachMessage: async ({ partition, message }) => {
      sink.push({ partition, value: String(message.value) });
    },
  });
  return Object.assign(consumer, { fetched });
}

/** Consumes `topic` in `groupId` until the group committed `expected` (partition -> offset). */
async function consumeAndCommit(groupId: string, topic: string, expected: Record<number, string>) {
  const consumer = await runConsumer(groupId, topic, []);
  await eventually(
    async () => {
      const o = await groupOffsets(groupId, topic);
      return Object.entries(expected).every(([p, off]) => o[Number(p)] === off) ? o : undefined;
    },
    { what: `${groupId} committed ${JSON.stringify(expected)}` },
  );
  await stopConsumer(consumer);
}

async function stopConsumer(consumer: Consumer) {
  consumers.splice(consumers.indexOf(consumer), 1);
  await consumer.disconnect();
}

async function groupOffsets(groupId: string, topic: string): Promise<Record<number, string>> {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return Object.fromEntries((t?.partitions ?? []).map((p) => [p.partition, p.offset]));
}

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
    await producer.disconnect();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
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

describe('kafkajs admin: groups', () => {
  it('describeGroups, listGroups and deleteGroups follow a group from active to empty to gone', async () => {
    const topic = await createTopic(2);
    await produceTo(topic, 0, 2);
    await produceTo(topic, 1, 2);
    const groupId = uniqueName('admin-groups');
    const seen: { partition: number; value: string }[] = [];
    const consumer = await runConsumer(groupId, topic, seen);
    await eventually(() => (seen.length >= 4 ? true : undefined), { what: '4 messages consumed' });

    const stable = await eventually(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        return groups[0]?.state === 'Stable' ? groups[0] : undefined;
      },
      { what: 'group Stable' },
    );
    expect((stable as { errorCode?: number }).errorCode).toBe(0);
    expect(stable.protocolType).toBe('consumer');
    expect(stable.protocol).toBe('RoundRobinAssigner');
    expect(stable.members).toHaveLength(1);
    const member = stable.members[0]!;
    expect(member.clientId).toBeTruthy();
    expect(member.clientHost).toMatch(/127\.0\.0\.1/);
    const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    expect(assignment?.assignment).toEqual({ [topic]: [0, 1] });
    const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
    expect(metadata?.topics).toEqual([topic]);

    const listed = await admin.listGroups();
    expect(listed.groups).toContainEqual({ groupId, protocolType: 'consumer' });

    // a group with members cannot be deleted
    const err = await rejection(strict.deleteGroups([groupId]));
    expect(errorTypes(err)).toContain('NON_EMPTY_GROUP');
    expect((await admin.describeGroups([groupId])).groups[0]?.state).toBe('Stable');

    // resetting offsets needs an empty group
    await rejection(strict.resetOffsets({ groupId, topic, earliest: true }));

    await stopConsumer(consumer);
    const empty = (await admin.describeGroups([groupId])).groups[0];
    expect(empty?.state).toBe('Empty');
    expect(empty?.members).toEqual([]);
    expect(await groupOffsets(groupId, topic)).toEqual({ 0: '2', 1: '2' });

    const deleted = await admin.deleteGroups([groupId]);
    expect(deleted).toEqual([expect.objectContaining({ groupId, errorCode: 0 })]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);
    expect((await admin.describeGroups([groupId])).groups[0]?.state).toBe('Dead');
    expect(await groupOffsets(groupId, topic)).toEqual({ 0: '-1', 1: '-1' });

    const again = await rejection(strict.deleteGroups([groupId]));
    expect(errorTypes(again)).toContain('GROUP_ID_NOT_FOUND');
  });

  it('resetOffsets (earliest, latest) and setOffsets move empty groups, and consumers start there', async () => {
    const topic = await createTopic(2);
    await produceTo(topic, 0, 6, 'p0');
    await produceTo(topic, 1, 4, 'p1');
    const early = uniqueName('admin-reset-earliest');
    const late = uniqueName('admin-reset-latest');
    const set = uniqueName('admin-set');
    // two groups that consumed everything, then two more records arrive on partition 0
    await Promise.all([
      consumeAndCommit(early, topic, { 0: '6', 1: '4' }),
      consumeAndCommit(late, topic, { 0: '6', 1: '4' }),
    ]);
    await produceTo(topic, 0, 2, 'more');

    // kafkajs' resetOffsets/setOffsets each take ~5 s (an idle fetch loop): run them side by side
    await Promise.all([
      admin.resetOffsets({ groupId: early, topic, earliest: true }),
      admin.resetOffsets({ groupId: late, topic, earliest: false }),
      // a group that does not exist yet is created Empty with exactly these offsets
      admin.setOffsets({
        groupId: set,
        topic,
        partitions: [
          { partition: 0, offset: '4' },
          { partition: 1, offset: '1' },
        ],
      }),
    ]);
    // kafkajs commits the ListOffsets sentinels: -2 earliest, -1 latest
    expect(await groupOffsets(early, topic)).toEqual({ 0: '-2', 1: '-2' });
    expect(await groupOffsets(late, topic)).toEqual({ 0: '-1', 1: '-1' });
    expect(await groupOffsets(set, topic)).toEqual({ 0: '4', 1: '1' });
    const { groups } = await admin.describeGroups([early, late, set]);
    expect(groups.map((g) => g.state)).toEqual(['Empty', 'Empty', 'Empty']);

    type Seen = { partition: number; value: string }[];
    const seen: { early: Seen; late: Seen; set: Seen } = { early: [], late: [], set: [] };
    const cEarly = await runConsumer(early, topic, seen.early);
    // without the reset this group would resume at 6 on partition 0 and read more-0, more-1
    const cLate = await runConsumer(late, topic, seen.late, false);
    const cSet = await runConsumer(set, topic, seen.set);
    await cLate.fetched;
    await produceTo(topic, 1, 1, 'late');
    await eventually(
      () => (seen.early.length >= 13 && seen.set.length >= 8 && seen.late.length >= 1 ? true : undefined),
      { what: 'every consumer caught up' },
    );
    await Promise.all([cEarly, cLate, cSet].map(stopConsumer));
    const values = (list: { value: string }[]) => list.map((m) => m.value).sort();
    expect(values(seen.late)).toEqual(['late-0']);
    expect(values(seen.set)).toEqual(['late-0', 'more-0', 'more-1', 'p0-4', 'p0-5', 'p1-1', 'p1-2', 'p1-3']);
    expect(values(seen.early)).toEqual(
      [
        'late-0',
        'more-0',
        'more-1',
        ...[0, 1, 2, 3, 4, 5].map((i) => `p0-${i}`),
        'p1-0',
        'p1-1',
        'p1-2',
        'p1-3',
      ].sort(),
    );
    expect(await groupOffsets(early, topic)).toEqual({ 0: '8', 1: '5' });
    expect(await groupOffsets(set, topic)).toEqual({ 0: '8', 1: '5' });
    // kafkajs commits only what it consumed: nothing new arrived on partition 0
    expect(await groupOffsets(late, topic)).toEqual({ 0: '-1', 1: '5' });
  });
});

describe('kafkajs admin: configs and records', () => {
  it('describeConfigs shows topic overrides and defaults; alterConfigs replaces the overrides', async () => {
    const topic = await createTopic(1, [
      { name: 'retention.ms', value: '3600000' },
      { name: 'max.message.bytes', value: '200000' },
    ]);
    const describe = async (names?: string[]) => {
      const r = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: topic, ...(names ? { configNames: names } : {}) },
        ],
      });
      expect(r.resources[0]?.errorCode).toBe(0);
      return new Map((r.resources[0]?.configEntries ?? []).map((e) => [e.configName, e]));
    };
    let configs = await describe(['retention.ms', 'max.message.bytes', 'cleanup.policy']);
    expect([...configs.keys()].sort()).toEqual(['cleanup.policy', 'max.message.bytes', 'retention.ms']);
    expect(configs.get('retention.ms')).toMatchObject({
      configValue: '3600000',
      isDefault: false,
      configSource: ConfigSource.TOPIC_CONFIG,
    });
    expect(configs.get('max.message.bytes')?.configValue).toBe('200000');
    expect(configs.get('cleanup.policy')).toMatchObject({ configValue: 'delete', isDefault: true });
    // without names: every config, retention.bytes among them
    expect((await describe()).get('retention.bytes')?.configValue).toBe('-1');

    // validateOnly changes nothing
    await admin.alterConfigs({
      validateOnly: true,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [{ name: 'retention.ms', value: '1' }],
        },
      ],
    });
    expect((await describe(['retention.ms'])).get('retention.ms')?.configValue).toBe('3600000');

    // AlterConfigs is a full replacement: max.message.bytes, not listed, goes back to its default
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [
            { name: 'retention.ms', value: '86400000' },
            { name: 'retention.bytes', value: '1048576' },
          ],
        },
      ],
    });
    configs = await describe(['retention.ms', 'retention.bytes', 'max.message.bytes']);
    expect(configs.get('retention.ms')).toMatchObject({ configValue: '86400000', isDefault: false });
    expect(configs.get('retention.bytes')).toMatchObject({ configValue: '1048576', isDefault: false });
    expect(configs.get('max.message.bytes')?.isDefault).toBe(true);
    expect(configs.get('max.message.bytes')?.configValue).not.toBe('200000');

    // invalid values and unknown topics are refused; nothing changes
    const bad = await rejection(
      strict.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configEntries: [{ name: 'retention.ms', value: 'forever' }],
          },
        ],
      }),
    );
    expect(errorTypes(bad)).toContain('INVALID_CONFIG');
    expect((await describe(['retention.ms'])).get('retention.ms')?.configValue).toBe('86400000');
    const unknown = await rejection(
      strict.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: uniqueName('missing') }],
      }),
    );
    expect(errorTypes(unknown)).toContain('UNKNOWN_TOPIC_OR_PARTITION');

    // the broker resource answers with its static settings
    const broker = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.BROKER, name: String(tb.broker.nodeId) }],
    });
    const brokerConfigs = new Map(
      broker.resources[0]?.configEntries.map((e) => [e.configName, e.configValue]),
    );
    expect(brokerConfigs.get('broker.id')).toBe(String(tb.broker.nodeId));
  });

  it('deleteTopicRecords moves the log start offset; consumers from the beginning start there', async () => {
    const topic = await createTopic(2);
    await produceTo(topic, 0, 10, 'p0');
    await produceTo(topic, 1, 6, 'p1');
    // kafkajs looks the leaders up in its cached metadata without loading it first
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({
      topic,
      partitions: [
        { partition: 0, offset: '4' },
        { partition: 1, offset: '-1' },
      ],
    });
    const offsets = Object.fromEntries(
      (await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, { low: o.low, high: o.high }]),
    );
    expect(offsets).toEqual({ 0: { low: '4', high: '10' }, 1: { low: '6', high: '6' } });
    // lookups by time never point below the log start (partition 1 has no record left: the high watermark)
    const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, 0);
    expect(Object.fromEntries(byTime.map((o) => [o.partition, o.offset]))).toEqual({ 0: '4', 1: '6' });

    const messages = await readAll(kafka, topic);
    expect(messages.map((m) => `${m.partition}:${m.offset}:${m.value}`)).toEqual(
      [4, 5, 6, 7, 8, 9].map((o) => `0:${o}:p0-${o}`),
    );

    // records behind the new start are gone even when asked for explicitly
    const consumer = kafka.consumer({ groupId: uniqueName('admin-seek'), ...FAST_CONSUMER });
    consumers.push(consumer);
    const got: ReturnType<typeof toConsumed>[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        got.push(toConsumed(partition, message));
      },
    });
    consumer.seek({ topic, partition: 0, offset: '1' });
    await produceTo(topic, 1, 1, 'after');
    await eventually(() => (got.some((m) => m.value === 'after-0') && got.length >= 7 ? true : undefined), {
      what: 'messages after the deletion',
    });
    expect(Math.min(...got.filter((m) => m.partition === 0).map((m) => m.offset))).toBe(4);
    expect(got.find((m) => m.value === 'after-0')?.offset).toBe(6);

    // beyond the high watermark is an error and moves nothing
    await strict.fetchTopicMetadata({ topics: [topic] });
    const err = await rejection(
      strict.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '50' }] }),
    );
    expect(errorTypes(err)).toContain('OFFSET_OUT_OF_RANGE');
    expect((await admin.fetchTopicOffsets(topic)).find((o) => o.partition === 0)?.low).toBe('4');
  });
});
