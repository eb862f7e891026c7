// The broker side of e2e/drain.spec.ts: workers on the temp topic/queues, keyed RabbitMQ backlogs, offsets,
// and the CSRF header of a signed-in session.
import type { APIRequestContext, BrowserContext } from '@playwright/test';
import { connect } from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import { E2E } from './names';

/** The workers: consume the temp topic with the workers' group until `expected` messages, committing. */
export async function consumeTemp(
  topic: string,
  group: string,
  expected: number,
): Promise<Map<string, number[]>> {
  const kafka = new Kafka({
    clientId: 'spillway-e2e-worker',
    brokers: [E2E.embedded.bootstrap],
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({
    groupId: group,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  });
  const byKey = new Map<string, number[]>();
  let seen = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`workers saw ${seen} of ${expected} messages`)),
        60_000,
      );
      void consumer.run({
        autoCommit: true,
        autoCommitInterval: 200,
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? '';
          const offset = Number(message.headers?.['spillway-source-offset']?.toString());
          byKey.set(key, [...(byKey.get(key) ?? []), offset]);
          seen++;
          if (seen >= expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    // Let the last offsets be committed before leaving (restore waits for temp lag 0).
    await new Promise((r) => setTimeout(r, 1_000));
  } finally {
    await consumer.disconnect();
  }
  return byKey;
}

export async function committedOffset(group: string, topic: string): Promise<number> {
  const admin = new Kafka({
    clientId: 'spillway-e2e',
    brokers: [E2E.embedded.bootstrap],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const [t] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return Number(t?.partitions.find((p) => p.partition === 0)?.offset ?? -1);
  } finally {
    await admin.disconnect();
  }
}

export async function topicExists(topic: string): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'spillway-e2e',
    brokers: [E2E.embedded.bootstrap],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).includes(topic);
  } finally {
    await admin.disconnect();
  }
}

/** The session's CSRF header (the request gate wants it on every mutation of a signed-in session). */
export async function csrf(from: BrowserContext | APIRequestContext): Promise<Record<string, string>> {
  const value = (await from.storageState()).cookies.find((c) => c.name === 'spillway_csrf')?.value;
  if (!value)
    throw new Error('not signed in as admin: no spillway_csrf cookie (the e2e auth setup signs in)');
  return { 'x-spillway-csrf': value };
}

export const Q_N = 60;
export const KEYS = 7;

/** A durable queue holding `n` persistent messages with an `orderId` header and a per-key `seq`. */
export async function fillKeyedQueue(queue: string, n: number): Promise<void> {
  const conn = await connect(E2E.rabbit.amqpUrl);
  try {
    const ch = await conn.createConfirmChannel();
    await ch.assertQueue(queue, { durable: true });
    for (let i = 0; i < n; i++) {
      ch.sendToQueue(queue, Buffer.from(`e2e ${i}`), {
        persistent: true,
        messageId: `m${i}`,
        headers: { orderId: `o${i % KEYS}`, seq: Math.floor(i / KEYS) },
      });
    }
    await ch.waitForConfirms();
    await ch.close();
  } finally {
    await conn.close();
  }
}

/** One consumer per temp queue, acking; returns the seq numbers seen per orderId, in delivery order. */
export async function consumeTempQueues(queues: string[], expected: number): Promise<Map<string, number[]>> {
  const conn = await connect(E2E.rabbit.amqpUrl);
  const byKey = new Map<string, number[]>();
  let seen = 0;
  try {
    const ch = await conn.createChannel();
    await ch.prefetch(10);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`workers saw ${seen} of ${expected} messages`)),
        60_000,
      );
      for (const q of queues) {
        void ch.consume(q, (msg) => {
          if (!msg) return;
          const key = String(msg.properties.headers?.orderId);
          byKey.set(key, [...(byKey.get(key) ?? []), Number(msg.properties.headers?.seq)]);
          ch.ack(msg);
          seen++;
          if (seen >= expected) {
            clearTimeout(timer);
            resolve();
          }
        });
      }
    });
    await ch.close();
  } finally {
    await conn.close();
  }
  return byKey;
}

export async function deleteQueues(queues: string[]): Promise<void> {
  const conn = await connect(E2E.rabbit.amqpUrl);
  try {
    const ch = await conn.createChannel();
    for (const q of queues) await ch.deleteQueue(q).catch(() => undefined);
    await ch.close().catch(() => undefined);
  } finally {
    await conn.close().catch(() => undefined);
  }
}
