// kafkajs from the spec, against the embedded broker: build a backlog of exactly N − M messages.
import { Kafka, logLevel } from 'kafkajs';

function client(bootstrap: string): Kafka {
  return new Kafka({
    clientId: 'spillway-e2e',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 8 },
  });
}

export interface Backlog {
  topic: string;
  group: string;
  produced: number;
  committed: number;
}

/**
 * Creates a one-partition `topic`, produces `n` messages (acks=all), then a consumer in `group` reads the
 * first `m`, commits offset `m` and leaves: the group's lag is exactly n − m and nobody consumes it.
 */
export async function createBacklog(
  bootstrap: string,
  topic: string,
  group: string,
  n: number,
  m: number,
): Promise<Backlog> {
  const kafka = client(bootstrap);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer();
  await producer.connect();
  try {
    const messages = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `e2e message ${i}` }));
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
  const consumer = kafka.consumer({
    groupId: group,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((r) => {
      resolveDone = r;
    });
    let seen = 0;
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const offset = Number(message.offset);
        if (offset >= m) return;
        seen++;
        if (offset === m - 1) {
          await consumer.commitOffsets([{ topic, partition, offset: String(m) }]);
          resolveDone();
        }
      },
    });
    await done;
    if (seen !== m) throw new Error(`consumed ${seen} messages, expected ${m}`);
  } finally {
    await consumer.disconnect();
  }
  return { topic, group, produced: n, committed: m };
}

export async function deleteTopic(bootstrap: string, topic: string): Promise<void> {
  const admin = client(bootstrap).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
