/** kafkajs plumbing shared by the scenarios: one client configuration for both brokers. */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Message, Partitioners, type Producer } from 'kafkajs';

export function client(brokers: string, clientId: string, retries = 5): Kafka {
  return new Kafka({
    clientId,
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 60_000,
    retry: { retries, initialRetryTime: 100 },
  });
}

/** The producer every scenario uses: not idempotent, no compression, kafkajs' default partitioner. */
export function producer(kafka: Kafka, allowAutoTopicCreation = false): Producer {
  return kafka.producer({
    allowAutoTopicCreation,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

/** A run-unique topic name. */
export function topicName(scenario: string, target: string): string {
  const slug = target.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '');
  return `bench-${scenario}-${slug}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/**
 * Creates the topic and waits until every partition has a leader. The wait is ours, not kafkajs'
 * waitForLeaders: under load a just-created topic can briefly be unknown to Kafka's metadata cache, which
 * kafkajs does not retry.
 */
export async function createTopic(brokers: string, topic: string, partitions: number): Promise<void> {
  const admin = client(brokers, 'bench-admin').admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: false,
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        const ready = topics[0]?.partitions.filter((p) => p.leader >= 0).length ?? 0;
        if (ready === partitions) return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      if (Date.now() > deadline) throw new Error(`topic ${topic}: partitions without a leader after 120 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(brokers: string, topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = client(brokers, 'bench-admin').admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}

/** Messages stored in a topic: the sum over partitions of high watermark - log start. */
export async function messageCount(brokers: string, topic: string): Promise<number> {
  const admin = client(brokers, 'bench-admin').admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** `count` messages sharing one `valueBytes`-byte value (null keys: round-robin over partitions). */
export function messageBatch(count: number, valueBytes: number): Message[] {
  const value = randomBytes(Math.ceil(valueBytes / 2))
    .toString('hex')
    .slice(0, valueBytes);
  const buf = Buffer.from(value);
  return Array.from({ length: count }, () => ({ value: buf }));
}
