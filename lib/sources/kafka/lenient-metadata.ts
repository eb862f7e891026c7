// kafkajs rejects a whole Metadata answer when any partition carries an error code. Apache Kafka answers
// LEADER_NOT_AVAILABLE for a partition without a live leader, so one offline partition would make the
// whole cluster unreadable — exactly when its health matters. When that happens, the metadata is asked
// again with the same request (v5) but without kafkajs's parse, and the error codes are kept per partition.
import metadataRequest from 'kafkajs/src/protocol/requests/metadata/v5/request.js';
import metadataResponse from 'kafkajs/src/protocol/requests/metadata/v5/response.js';

/** Partition-level Metadata errors that kafkajs turns into a failure of the whole answer. */
const PARTITION_ERRORS: ReadonlySet<string> = new Set([
  'LEADER_NOT_AVAILABLE',
  'LISTENER_NOT_FOUND',
  'REPLICA_NOT_AVAILABLE',
]);

interface Chained {
  type?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

/** Whether a kafkajs error (or one it wraps, e.g. retries exhausted) is a partition-level Metadata error. */
export function isPartitionMetadataError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const c = e as Chained;
    if (typeof c.type === 'string' && PARTITION_ERRORS.has(c.type)) return true;
    e = c.cause ?? c.originalError;
  }
  return false;
}

/** kafkajs's per-broker connection pool (Broker.connectionPool): sends a request, decodes, parses. */
export interface RequestSender {
  send(protocolRequest: {
    request: object;
    response: { decode(raw: Buffer): Promise<unknown>; parse(data: unknown): Promise<unknown> };
    logResponseError?: boolean;
    requestTimeout?: number;
  }): Promise<unknown>;
}

/** Metadata v5 for every topic, decoded but not parsed: partition error codes stay in the answer. */
export function lenientMetadata(sender: RequestSender): Promise<unknown> {
  return sender.send({
    request: metadataRequest({ topics: [], allowAutoTopicCreation: false }),
    response: { decode: (raw) => metadataResponse.decode(raw), parse: async (data) => data },
    logResponseError: false,
  });
}
