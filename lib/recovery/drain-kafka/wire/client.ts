// The dispatcher's Kafka client: Fetch, Produce and InitProducerId with bodies encoded and decoded by the
// embedded broker's wire codec (lib/broker/protocol: no I/O, record batches stay opaque bytes), sent over
// kafkajs's connections (lib/sources/kafka/internal.ts: TLS, SASL, reconnects). Why not kafkajs's consumer
// and producer: they turn every record into an object and back (~23 µs of CPU per copied message, most of
// it allocation), while a drain only has to move bytes from one partition to another. Only non-flexible
// versions, which every Kafka since 2.1 and the embedded broker serve.
import type { Kafka } from 'kafkajs';
import { ApiKey, decodeResponse, encodeRequest, type ResponseOf, toBuffer } from '../../../broker/protocol';
import { ClusterClient, EARLIEST } from '../../../sources/kafka/internal';

export const WIRE_VERSIONS = { produce: 7, fetch: 11, initProducerId: 1 } as const;

export type FetchedPartition = ResponseOf<typeof ApiKey.Fetch>['responses'][number]['partitions'][number];

export interface ProduceBatch {
  partition: number;
  batch: Buffer;
}

export class WireClient {
  private readonly cluster: ClusterClient;
  /** topic → partition → leader node id (-1: no leader right now). */
  private leaders = new Map<string, Map<number, number>>();
  private nodes: number[] = [];

  constructor(kafka: Kafka) {
    this.cluster = new ClusterClient(kafka);
  }

  async connect(): Promise<void> {
    await this.cluster.connect();
    await this.refresh();
  }

  disconnect(): Promise<void> {
    return this.cluster.disconnect();
  }

  /** Reads the cluster's metadata again (leaders move, partitions are added). */
  async refresh(): Promise<void> {
    const md = await this.cluster.metadata();
    const leaders = new Map<string, Map<number, number>>();
    for (const t of md.topicMetadata) {
      if (t.topicErrorCode !== 0) continue;
      const m = new Map<number, number>();
      for (const p of t.partitionMetadata)
        m.set(p.partitionId, p.partitionErrorCode === 0 || p.leader >= 0 ? p.leader : -1);
      leaders.set(t.topic, m);
    }
    this.leaders = leaders;
    this.nodes = md.brokers.map((b) => b.nodeId);
  }

  /** The partitions of a topic as last read; undefined when the topic is unknown. */
  partitions(topic: string): number[] | undefined {
    const m = this.leaders.get(topic);
    return m ? [...m.keys()].sort((a, b) => a - b) : undefined;
  }

  /** The leader of a partition as last read (-1 or undefined: none known). */
  leader(topic: string, partition: number): number | undefined {
    return this.leaders.get(topic)?.get(partition);
  }

  async fetch(
    nodeId: number,
    topic: string,
    partitions: ReadonlyArray<{ partition: number; offset: number; maxBytes: number }>,
    maxWaitMs: number,
  ): Promise<FetchedPartition[]> {
    const v = WIRE_VERSIONS.fetch;
    const body = encodeRequest(ApiKey.Fetch, v, {
      maxWaitMs,
      minBytes: 1,
      maxBytes: partitions.reduce((s, p) => s + p.maxBytes, 0),
      isolationLevel: 1, // READ_COMMITTED: up to the last stable offset; aborted records are dropped
      topics: [
        {
          topic,
          partitions: partitions.map((p) => ({
            partition: p.partition,
            fetchOffset: p.offset,
            partitionMaxBytes: p.maxBytes,
          })),
        },
      ],
      forgottenTopicsData: [],
    });
    const raw = await this.cluster.rawRequest(
      nodeId,
      { apiKey: ApiKey.Fetch, apiVersion: v, apiName: 'Fetch', body: toBuffer(body) },
      30_000 + maxWaitMs,
    );
    const answer = decodeResponse(ApiKey.Fetch, v, raw);
    if (answer.errorCode !== 0) throw new WireError('Fetch', answer.errorCode);
    return answer.responses.flatMap((r) => (r.topic === topic ? r.partitions : []));
  }

  /** One Produce (acks=-1) to one leader; returns each partition's error code (0 = acknowledged). */
  async produce(
    nodeId: number,
    topic: string,
    batches: readonly ProduceBatch[],
    timeoutMs: number,
  ): Promise<Map<number, number>> {
    const v = WIRE_VERSIONS.produce;
    const body = encodeRequest(ApiKey.Produce, v, {
      transactionalId: null,
      acks: -1,
      timeoutMs,
      topicData: [
        { name: topic, partitionData: batches.map((b) => ({ index: b.partition, records: b.batch })) },
      ],
    });
    const raw = await this.cluster.rawRequest(
      nodeId,
      { apiKey: ApiKey.Produce, apiVersion: v, apiName: 'Produce', body: toBuffer(body) },
      timeoutMs + 30_000,
    );
    const out = new Map<number, number>();
    for (const r of decodeResponse(ApiKey.Produce, v, raw).responses) {
      if (r.name !== topic) continue;
      for (const p of r.partitionResponses) out.set(p.index, p.errorCode);
    }
    return out;
  }

  /** A producer id for idempotent writes (no transactions), from any broker. */
  async initProducerId(): Promise<{ producerId: number; producerEpoch: number }> {
    const v = WIRE_VERSIONS.initProducerId;
    const body = encodeRequest(ApiKey.InitProducerId, v, {
      transactionalId: null,
      transactionTimeoutMs: 60_000,
    });
    const nodeId = this.nodes[Math.floor(Math.random() * this.nodes.length)];
    if (nodeId === undefined) throw new Error('no broker in the cluster metadata');
    const raw = await this.cluster.rawRequest(nodeId, {
      apiKey: ApiKey.InitProducerId,
      apiVersion: v,
      apiName: 'InitProducerId',
      body: toBuffer(body),
    });
    const answer = decodeResponse(ApiKey.InitProducerId, v, raw);
    if (answer.errorCode !== 0) throw new WireError('InitProducerId', answer.errorCode);
    return { producerId: answer.producerId, producerEpoch: answer.producerEpoch };
  }

  /** The log start offset of a partition (ListOffsets earliest on its leader). */
  async logStart(topic: string, partition: number): Promise<number> {
    const nodeId = this.leader(topic, partition);
    if (nodeId === undefined || nodeId < 0)
      throw new WireError('ListOffsets', KAFKA_ERRORS.LEADER_NOT_AVAILABLE);
    const offsets = await this.cluster.listOffsets(nodeId, [{ topic, partitions: [partition] }], EARLIEST);
    const first = [...offsets.values()][0];
    if (first === undefined) throw new Error(`no log start offset for ${topic}/${partition}`);
    return first;
  }
}

/** The Kafka error codes the dispatcher tells apart. */
export const KAFKA_ERRORS = {
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_OR_FOLLOWER: 6,
  REQUEST_TIMED_OUT: 7,
  MESSAGE_TOO_LARGE: 10,
  NETWORK_EXCEPTION: 13,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  RECORD_LIST_TOO_LARGE: 18,
  NOT_ENOUGH_REPLICAS: 19,
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 20,
  TOPIC_AUTHORIZATION_FAILED: 29,
  CLUSTER_AUTHORIZATION_FAILED: 31,
  UNSUPPORTED_VERSION: 35,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  DUPLICATE_SEQUENCE_NUMBER: 46,
  INVALID_PRODUCER_EPOCH: 47,
  KAFKA_STORAGE_ERROR: 56,
  SASL_AUTHENTICATION_FAILED: 58,
  UNKNOWN_PRODUCER_ID: 59,
  FENCED_LEADER_EPOCH: 74,
  UNKNOWN_LEADER_EPOCH: 75,
  OFFSET_NOT_AVAILABLE: 78,
  INVALID_RECORD: 87,
  THROTTLING_QUOTA_EXCEEDED: 89,
} as const;

const NAMES = new Map<number, string>(Object.entries(KAFKA_ERRORS).map(([k, v]) => [v, k]));

/** Errors after which the same request may simply be sent again (after a metadata refresh). */
const RETRIABLE: ReadonlySet<number> = new Set([
  KAFKA_ERRORS.UNKNOWN_TOPIC_OR_PARTITION,
  KAFKA_ERRORS.LEADER_NOT_AVAILABLE,
  KAFKA_ERRORS.NOT_LEADER_OR_FOLLOWER,
  KAFKA_ERRORS.REQUEST_TIMED_OUT,
  KAFKA_ERRORS.NETWORK_EXCEPTION,
  KAFKA_ERRORS.COORDINATOR_LOAD_IN_PROGRESS,
  KAFKA_ERRORS.COORDINATOR_NOT_AVAILABLE,
  KAFKA_ERRORS.NOT_COORDINATOR,
  KAFKA_ERRORS.NOT_ENOUGH_REPLICAS,
  KAFKA_ERRORS.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
  KAFKA_ERRORS.KAFKA_STORAGE_ERROR,
  KAFKA_ERRORS.FENCED_LEADER_EPOCH,
  KAFKA_ERRORS.UNKNOWN_LEADER_EPOCH,
  KAFKA_ERRORS.OFFSET_NOT_AVAILABLE,
  KAFKA_ERRORS.THROTTLING_QUOTA_EXCEEDED,
]);

export function isRetriable(code: number): boolean {
  return RETRIABLE.has(code);
}

export function errorName(code: number): string {
  return NAMES.get(code) ?? `Kafka error ${code}`;
}

/** A Kafka error code in an answer, with the api that answered it. */
export class WireError extends Error {
  constructor(
    readonly api: string,
    readonly code: number,
    where = '',
  ) {
    super(`${api}${where ? ` ${where}` : ''}: ${errorName(code)}`);
    this.name = 'WireError';
  }

  get retriable(): boolean {
    return isRetriable(this.code);
  }
}

/** Connection-level failures kafkajs reports (the request may or may not have reached the broker). */
export function isConnectionError(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return (
    name === 'KafkaJSConnectionError' ||
    name === 'KafkaJSRequestTimeoutError' ||
    name === 'KafkaJSConnectionClosedError' ||
    name === 'KafkaJSBrokerNotFound' ||
    name === 'KafkaJSLockTimeout'
  );
}

/** A failure after which the same request may be sent again: a lost connection or a retriable code. */
export function isRetriableFailure(err: unknown): boolean {
  return isConnectionError(err) || (err instanceof WireError && err.retriable);
}

/** The wait before retry `attempt` (1, 2, …): 200 ms doubling, at most 5 s. */
export function backoffMs(attempt: number): number {
  return Math.min(5000, 100 * 2 ** attempt);
}
