// The one place that reaches inside kafkajs (pinned at exactly 2.2.4 in package.json).
//
// Why: kafkajs's admin has no multi-topic ListOffsets (fetchTopicOffsets is one topic, two round trips) and
// no single Fetch; worse, every per-topic admin call adds the topic to the admin's "target topics", and each
// new target triggers a metadata refresh of all targets under a lock — 18 s for a first round over 1,000
// topics, and a deleted target topic then breaks later refreshes. A kafkajs Cluster of our own, created by
// the Kafka instance exactly as it creates the admin's (same brokers, TLS, SASL, timeouts, retry), gives us:
//   - one Metadata request for the whole cluster (brokers, controller, topics with isInternal, partitions);
//   - ListOffsets grouped by leader: two requests per broker (earliest, latest) for every partition;
//   - Fetch grouped by leader, for record timestamps;
//   - raw requests (bytes in, bytes out) over the same connections, for the drain dispatcher's own codec.
// Everything read here is validated (zod) before it leaves this file.
import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import { isPartitionMetadataError, lenientMetadata, type RequestSender } from './lenient-metadata';

const rawMetadata = z.object({
  brokers: z.array(
    z.object({
      nodeId: z.number(),
      host: z.string(),
      port: z.number(),
      rack: z.string().nullish(),
    }),
  ),
  clusterId: z.string().nullish(),
  controllerId: z.number().nullish(),
  topicMetadata: z.array(
    z.object({
      topicErrorCode: z.number(),
      topic: z.string(),
      isInternal: z.boolean().optional(),
      partitionMetadata: z.array(
        z.object({
          partitionErrorCode: z.number(),
          partitionId: z.number(),
          leader: z.number(),
          replicas: z.array(z.number()),
          isr: z.array(z.number()),
          offlineReplicas: z.array(z.number()).optional(),
        }),
      ),
    }),
  ),
});

export type RawMetadata = z.output<typeof rawMetadata>;

const rawListOffsets = z.object({
  responses: z.array(
    z.object({
      topic: z.string(),
      partitions: z.array(z.object({ partition: z.number(), offset: z.union([z.string(), z.number()]) })),
    }),
  ),
});

const rawFetch = z.object({
  responses: z.array(
    z.object({
      topicName: z.string(),
      partitions: z.array(
        z.object({
          partition: z.number(),
          errorCode: z.number(),
          highWatermark: z.union([z.string(), z.number()]),
          messages: z.array(
            z.object({
              offset: z.union([z.string(), z.number()]),
              timestamp: z.union([z.string(), z.number()]).nullish(),
              /** Only whether it is null matters (key-less records in a sample). */
              key: z.unknown().optional(),
              isControlRecord: z.boolean().optional(),
            }),
          ),
        }),
      ),
    }),
  ),
});

export type RawFetch = z.output<typeof rawFetch>;

/** The parts of kafkajs's (untyped) Broker and Cluster classes this adapter uses. */
interface InternalBroker {
  listOffsets(request: {
    isolationLevel: number;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; timestamp: number }> }>;
  }): Promise<unknown>;
  fetch(request: {
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: Array<{
      topic: string;
      partitions: Array<{ partition: number; fetchOffset: string; maxBytes: number }>;
    }>;
  }): Promise<unknown>;
}

/** Group APIs of a kafkajs Broker (their answers are validated in group-client.ts). */
export interface GroupBroker {
  listGroups(): Promise<unknown>;
  describeGroups(request: { groupIds: string[] }): Promise<unknown>;
  offsetFetch(request: { groupId: string; topics: [] }): Promise<unknown>;
}

interface SeedBroker {
  isConnected(): boolean;
  connect(): Promise<void>;
  connectionPool: RequestSender;
}

interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  findBroker(query: { nodeId: number }): Promise<InternalBroker & GroupBroker>;
  findGroupCoordinator(query: { groupId: string }): Promise<{ nodeId: number }>;
  brokerPool: { metadata: unknown; seedBroker?: SeedBroker | null };
}

type CreateCluster = (options: {
  allowAutoTopicCreation: boolean;
  isolationLevel: number;
  instrumentationEmitter: null;
}) => InternalCluster;

/** Kafka's ListOffsets timestamps for the log start and the end (high watermark). */
export const EARLIEST = -2;
export const LATEST = -1;
/** READ_UNCOMMITTED: the end is the high watermark, not the last stable offset. */
const READ_UNCOMMITTED = 0;

function isInternalCluster(value: unknown): value is InternalCluster {
  const c = value as Partial<InternalCluster> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.connect === 'function' &&
    typeof c.disconnect === 'function' &&
    typeof c.refreshMetadata === 'function' &&
    typeof c.findBroker === 'function' &&
    typeof c.findGroupCoordinator === 'function' &&
    typeof c.brokerPool === 'object'
  );
}

function createClusterOf(kafka: Kafka): CreateCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find(
    (s) => s.description === 'private:Kafka:createCluster',
  );
  const fn = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof fn !== 'function') {
    throw new Error(
      'kafkajs internals not found (lib/sources/kafka/internal.ts supports kafkajs 2.2.x): createCluster',
    );
  }
  return fn as CreateCluster;
}

/** Typed access to a private kafkajs Cluster: metadata, ListOffsets and Fetch by leader. */
export class ClusterClient {
  private readonly cluster: InternalCluster;

  constructor(kafka: Kafka) {
    const cluster = createClusterOf(kafka)({
      allowAutoTopicCreation: false,
      isolationLevel: READ_UNCOMMITTED,
      instrumentationEmitter: null,
    });
    if (!isInternalCluster(cluster)) {
      throw new Error(
        'kafkajs internals changed (lib/sources/kafka/internal.ts supports kafkajs 2.2.x): Cluster',
      );
    }
    this.cluster = cluster;
  }

  connect(): Promise<void> {
    return this.cluster.connect();
  }

  disconnect(): Promise<void> {
    return this.cluster.disconnect();
  }

  /**
   * One Metadata request for every topic (the cluster keeps no "target topics"). When kafkajs rejects the
   * answer for a partition-level error (an offline partition), the answer is read again without its parse
   * (lenient-metadata.ts); leaders known from the last good answer still serve ListOffsets and Fetch.
   */
  async metadata(): Promise<RawMetadata> {
    try {
      await this.cluster.refreshMetadata();
    } catch (error) {
      if (!isPartitionMetadataError(error)) throw error;
      const seed = this.cluster.brokerPool.seedBroker;
      if (!seed) throw error;
      if (!seed.isConnected()) await seed.connect();
      return rawMetadata.parse(await lenientMetadata(seed.connectionPool));
    }
    return rawMetadata.parse(this.cluster.brokerPool.metadata);
  }

  /** The node id of a group's coordinator (FindCoordinator, with kafkajs's retries). */
  async coordinatorOf(groupId: string): Promise<number> {
    return (await this.cluster.findGroupCoordinator({ groupId })).nodeId;
  }

  /** A connected broker, for the group APIs; it must be in the last metadata answer. */
  broker(nodeId: number): Promise<GroupBroker> {
    return this.cluster.findBroker({ nodeId });
  }

  /** ListOffsets on one broker; `timestamp` EARLIEST or LATEST. Offsets as numbers (-1 = none). */
  async listOffsets(
    nodeId: number,
    topics: ReadonlyArray<{ topic: string; partitions: readonly number[] }>,
    timestamp: number,
  ): Promise<Map<string, number>> {
    const broker = await this.cluster.findBroker({ nodeId });
    const raw = await broker.listOffsets({
      isolationLevel: READ_UNCOMMITTED,
      topics: topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((partition) => ({ partition, timestamp })),
      })),
    });
    const out = new Map<string, number>();
    for (const r of rawListOffsets.parse(raw).responses) {
      for (const p of r.partitions) out.set(partitionKey(r.topic, p.partition), Number(p.offset));
    }
    return out;
  }

  /** One Fetch on one broker, returning immediately (maxWaitTime 0). */
  async fetch(
    nodeId: number,
    topics: ReadonlyArray<{
      topic: string;
      partitions: ReadonlyArray<{ partition: number; offset: number }>;
    }>,
    maxBytesPerPartition: number,
    maxBytes: number,
  ): Promise<RawFetch> {
    const broker = await this.cluster.findBroker({ nodeId });
    const raw = await broker.fetch({
      isolationLevel: READ_UNCOMMITTED,
      maxWaitTime: 0,
      minBytes: 1,
      maxBytes,
      topics: topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) => ({
          partition: p.partition,
          fetchOffset: String(p.offset),
          maxBytes: maxBytesPerPartition,
        })),
      })),
    });
    return rawFetch.parse(raw);
  }

  /**
   * Sends a request whose body is already encoded through the kafkajs connection to one broker (so TLS, SASL
   * and reconnects are the client's), and returns the answer's body undecoded. Fetch requests travel on the
   * pool's fetch connection, everything else on the other one, as kafkajs does.
   */
  async rawRequest(nodeId: number, request: RawRequest, requestTimeout?: number): Promise<Buffer> {
    const broker = (await this.cluster.findBroker({ nodeId })) as unknown as {
      connectionPool?: RequestSender;
    };
    const pool = broker.connectionPool;
    if (!pool || typeof pool.send !== 'function') {
      throw new Error(
        'kafkajs internals changed (lib/sources/kafka/internal.ts supports kafkajs 2.2.x): pool',
      );
    }
    const { body, ...header } = request;
    const answer = await pool.send({
      // kafkajs frames the request by copying what encode() returns (Encoder.writeEncoder reads `.buf`
      // and `.buffer`): a view of the body saves copying it into an Encoder of its own first.
      request: { ...header, encode: async () => encoderView(body) },
      response: { decode: async (raw: Buffer) => raw, parse: async (raw: unknown) => raw },
      ...(requestTimeout === undefined ? {} : { requestTimeout }),
    });
    if (!Buffer.isBuffer(answer)) throw new Error(`${request.apiName}: the answer is not a byte buffer`);
    return answer;
  }
}

/** A request whose body the caller encoded (lib/recovery's dispatcher uses the embedded broker's codec). */
export interface RawRequest {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  body: Buffer;
}

/** What kafkajs's Encoder.writeEncoder (2.2.x) reads of an encoded body, without copying `body`. */
function encoderView(body: Buffer): { buf: Buffer; offset: number; readonly buffer: Buffer; size(): number } {
  return {
    buf: body,
    offset: body.length,
    get buffer() {
      return body;
    },
    size: () => body.length,
  };
}

export function partitionKey(topic: string, partition: number): string {
  return `${partition}\u0000${topic}`;
}
