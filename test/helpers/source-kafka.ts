// Helpers for the lib/sources Kafka tests: kafkajs clients with quiet logs, a real backlog with known
// offsets and timestamps, and a direct offset commit (no group join) for building many groups fast.
import { type Admin, Kafka, type LogEntry, logLevel, Partitioners } from 'kafkajs';
import { eventually } from './services';

// Errors kafkajs logs although it retries them itself (fresh clusters, new topics, rebalances).
const RETRIED = /coordinator|leader|rebalanc|does not host|not the correct|The group is rebalancing/i;

function quietLogger(): (entry: LogEntry) => void {
  return ({ namespace, label, log }) => {
    const error = typeof log.error === 'string' ? log.error : '';
    if (RETRIED.test(error) || RETRIED.test(log.message)) return;
    console.error(`[kafkajs ${label}] ${namespace}: ${log.message}${error ? ` (${error})` : ''}`);
  };
}

/** A kafkajs client for the test's own producing, consuming and admin work (not the source under test). */
export function testClient(bootstrap: readonly string[], clientId = 'spillway-sources-test'): Kafka {
  return new Kafka({
    clientId,
    brokers: [...bootstrap],
    connectionTimeout: 3000,
    requestTimeout: 15_000,
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 8 },
    logLevel: logLevel.ERROR,
    logCreator: quietLogger,
  });
}

/** Messages per partition of the backlog topic, and the base of their timestamps. */
export const BACKLOG = { perPartition: [10, 6, 4], baseTimestamp: 1_700_000_000_000 } as const;

/** The timestamp produced for the record at `offset` of `partition` (distinct per partition and offset). */
export function producedTimestamp(partition: number, offset: number): number {
  return BACKLOG.baseTimestamp + partition * 1_000_000 + offset * 1000;
}

/** Creates a 3-partition topic (retention.ms 3600000) and produces BACKLOG.perPartition keyed records. */
export async function buildBacklog(kafka: Kafka, admin: Admin, topic: string): Promise<void> {
  // kafkajs's waitForLeaders gives up when a busy Apache Kafka still answers UNKNOWN_TOPIC_OR_PARTITION
  // for a fresh topic: wait for the leaders here instead.
  await admin.createTopics({
    waitForLeaders: false,
    topics: [
      {
        topic,
        numPartitions: BACKLOG.perPartition.length,
        replicationFactor: 1,
        configEntries: [{ name: 'retention.ms', value: '3600000' }],
      },
    ],
  });
  await eventually(
    async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics[0]?.partitions ?? [];
      return partitions.length === BACKLOG.perPartition.length && partitions.every((p) => p.leader >= 0)
        ? true
        : undefined;
    },
    { timeoutMs: 30_000, what: `leaders of ${topic}` },
  );
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (const [partition, count] of BACKLOG.perPartition.entries()) {
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: count }, (_, offset) => ({
          partition,
          key: `key-${partition}-${offset % 3}`,
          value: `value-${partition}-${offset}`,
          timestamp: String(producedTimestamp(partition, offset)),
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

interface InternalBroker {
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
  }): Promise<unknown>;
}

interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(q: { groupId: string }): Promise<InternalBroker>;
}

/**
 * Commits offsets for a group the way an admin tool does (generation -1, no member): no JoinGroup, no
 * rebalance delay. kafkajs's admin.setOffsets joins the group as a consumer, which takes seconds per group.
 * Uses the same kafkajs internals as lib/sources/kafka/internal.ts (test-only).
 */
export class DirectCommitter {
  private readonly cluster: InternalCluster;

  constructor(kafka: Kafka) {
    const symbol = Object.getOwnPropertySymbols(kafka).find(
      (s) => s.description === 'private:Kafka:createCluster',
    );
    const create = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
    if (typeof create !== 'function') throw new Error('kafkajs internals not found');
    this.cluster = (create as (o: object) => InternalCluster)({
      allowAutoTopicCreation: false,
      instrumentationEmitter: null,
    });
  }

  connect(): Promise<void> {
    return this.cluster.connect();
  }

  disconnect(): Promise<void> {
    return this.cluster.disconnect();
  }

  /** Retries what a fresh topic or group answers for a moment (unknown partition, coordinator moving). */
  async commit(groupId: string, topic: string, offsets: ReadonlyArray<[partition: number, offset: number]>) {
    const partitions = offsets.map(([partition, offset]) => ({ partition, offset: String(offset) }));
    for (let attempt = 1; ; attempt++) {
      try {
        const coordinator = await this.cluster.findGroupCoordinator({ groupId });
        await coordinator.offsetCommit({
          groupId,
          groupGenerationId: -1,
          memberId: '',
          topics: [{ topic, partitions }],
        });
        return;
      } catch (error) {
        if (attempt >= 40 || (error as { retriable?: unknown }).retriable !== true) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
}
