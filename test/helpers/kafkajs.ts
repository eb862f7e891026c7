// kafkajs clients pointed at an embedded broker, and small helpers to read a topic back completely.
import { type Admin, type Consumer, type ConsumerConfig, Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import { eventually, uniqueName } from './services';

/** A kafkajs client for `bootstrap` with its logs silenced and short retry back-offs. */
export function kafkaFor(bootstrap: string, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: uniqueName('spillway-broker-test'),
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 15_000,
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 8 },
    ...overrides,
  });
}

/**
 * Consumer settings that make group changes converge quickly: frequent heartbeats (members learn of a
 * rebalance within half a second) and short fetch waits.
 */
export const FAST_CONSUMER: Omit<ConsumerConfig, 'groupId'> = {
  sessionTimeout: 10_000,
  rebalanceTimeout: 10_000,
  heartbeatInterval: 300,
  maxWaitTimeInMs: 100,
  retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 8 },
};

export interface ConsumedMessage {
  partition: number;
  /** Offsets as numbers (kafkajs gives strings). */
  offset: number;
  key: string | null;
  value: string | null;
  timestamp: number;
  headers: Record<string, string>;
}

export function toConsumed(
  partition: number,
  m: {
    offset: string;
    key: Buffer | null;
    value: Buffer | null;
    timestamp: string;
    headers?: Record<string, unknown>;
  },
): ConsumedMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = String(v);
  return {
    partition,
    offset: Number(m.offset),
    key: m.key === null ? null : m.key.toString(),
    value: m.value === null ? null : m.value.toString(),
    timestamp: Number(m.timestamp),
    headers,
  };
}

/** High watermark per partition, from ListOffsets. */
export async function highWatermarks(admin: Admin, topic: string): Promise<Map<number, number>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
}

/**
 * Reads every partition of `topic` from the beginning (in a throw-away group) until each reaches its
 * current high watermark, and returns the messages in arrival order.
 */
export async function readAll(
  kafka: Kafka,
  topic: string,
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): Promise<ConsumedMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  let consumer: Consumer | undefined;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const target = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
    const done = (seen: Map<number, number>) =>
      [...target].every(([p, high]) => high <= Math.max(seen.get(p) ?? 0, lowOf(offsets, p)));
    const messages: ConsumedMessage[] = [];
    const next = new Map<number, number>();
    if (done(next)) return messages;
    consumer = kafka.consumer({ groupId: uniqueName('read-all'), ...FAST_CONSUMER });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        messages.push(toConsumed(partition, message));
        next.set(partition, Number(message.offset) + 1);
      },
    });
    await eventually(() => (done(next) ? true : undefined), {
      timeoutMs,
      what: `reading ${topic} up to ${JSON.stringify([...target])}`,
    });
    return messages;
  } finally {
    await consumer?.disconnect();
    await admin.disconnect();
  }
}

function lowOf(offsets: { partition: number; low: string }[], partition: number): number {
  return Number(offsets.find((o) => o.partition === partition)?.low ?? 0);
}

/** Groups messages by partition, each list in offset order as received. */
export function byPartition(messages: readonly ConsumedMessage[]): Map<number, ConsumedMessage[]> {
  const out = new Map<number, ConsumedMessage[]>();
  for (const m of messages) {
    const list = out.get(m.partition) ?? [];
    list.push(m);
    out.set(m.partition, list);
  }
  return out;
}
