// Shared fixture of the kafkajs admin suites (test/broker.admin-*.test.ts): one embedded broker per test
// file, a retrying and a non-retrying admin, a fresh producer per test, and helpers that check what the
// broker really did. Exported `let`s are live bindings, set by the hooks `registerAdminBroker()` registers.
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startTestBroker, type TestBroker } from './broker';
import { FAST_CONSUMER, kafkaFor } from './kafkajs';
import { eventually, uniqueName } from './services';

export let tb: TestBroker;
export let kafka: Kafka;
export let admin: Admin;
/** An admin that does not retry, for calls expected to fail (kafkajs retries some errors for seconds). */
export let strict: Admin;
/** A fresh producer per test: kafkajs producers keep refreshing metadata of every topic they wrote to. */
export let producer: Producer;
const consumers: Consumer[] = [];

/** Registers the shared broker, admins and per-test producer/consumer cleanup in the calling test file. */
export function registerAdminBroker(): void {
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
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** Kafka error types (`type`) carried by a kafkajs error and its nested errors / groups / partitions. */
export function errorTypes(err: unknown): string[] {
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

export async function createTopic(partitions = 1, configEntries: { name: string; value: string }[] = []) {
  const topic = uniqueName('admin');
  expect(await admin.createTopics({ topics: [{ topic, numPartitions: partitions, configEntries }] })).toBe(
    true,
  );
  return topic;
}

export async function topicExists(topic: string): Promise<boolean> {
  return (await admin.listTopics()).includes(topic);
}

/** Produces `count` messages `<prefix>-<i>` to one partition, one request per `chunk` messages. */
export async function produceTo(topic: string, partition: number, count: number, prefix = 'm', chunk = 5) {
  for (let i = 0; i < count; i += chunk) {
    const messages = [];
    for (let j = i; j < Math.min(count, i + chunk); j++)
      messages.push({ value: `${prefix}-${j}`, partition });
    await producer.send({ topic, acks: -1, messages });
  }
}

export async function topicPartitions(topic: string): Promise<number> {
  const md = await admin.fetchTopicMetadata({ topics: [topic] });
  return md.topics[0]?.partitions.length ?? 0;
}

/**
 * Runs a consumer in `groupId` that records messages and commits after each one. `fetched` resolves at
 * its first fetch, when its start offsets are resolved.
 */
export async function runConsumer(
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
export async function consumeAndCommit(groupId: string, topic: string, expected: Record<number, string>) {
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

export async function stopConsumer(consumer: Consumer) {
  consumers.splice(consumers.indexOf(consumer), 1);
  await consumer.disconnect();
}

export async function groupOffsets(groupId: string, topic: string): Promise<Record<number, string>> {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return Object.fromEntries((t?.partitions ?? []).map((p) => [p.partition, p.offset]));
}

/** Replaces the test's producer (kafkajs producers learn of new partitions only on a periodic refresh). */
export async function renewProducer(): Promise<void> {
  await producer.disconnect();
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
}

/** Disconnects `consumer` after the test (or at the end of the file). */
export function trackConsumer(consumer: Consumer): void {
  consumers.push(consumer);
}
