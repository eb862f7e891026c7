// Timeouts, retries and batch limits of the source adapters, in one place (STYLE 9). Connection and
// request timeouts of a Kafka cluster come from its configuration (connectionTimeoutMs, requestTimeoutMs);
// everything else is here. Override per source with `createSource(config, { kafka: {...}, rabbitmq: {...} })`.

/** kafkajs's retry options (see kafkajs "Retry"). */
export interface RetryPolicy {
  retries: number;
  initialRetryTime: number;
  maxRetryTime: number;
  factor: number;
  multiplier: number;
}

export interface KafkaSourceSettings {
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  authenticationTimeoutMs: number;
  retry: Readonly<RetryPolicy>;
  operationTimeoutMs: number;
  groupConcurrency: number;
  describeGroupsBatch: number;
  topicConfigKeys: readonly string[];
  recordTimestamps: Readonly<{ maxPositions: number; maxBytesPerPartition: number; maxBytes: number }>;
}

export interface RabbitmqSourceSettings {
  requestTimeoutMs: number;
  pageSize: number;
  maxPages: number;
  amqpConnectTimeoutMs: number;
  operationTimeoutMs: number;
}

export const SOURCE_DEFAULTS: Readonly<{
  kafka: Readonly<KafkaSourceSettings>;
  rabbitmq: Readonly<RabbitmqSourceSettings>;
}> = Object.freeze({
  kafka: Object.freeze({
    /** Used for the embedded broker, whose config has no timeouts (Kafka clusters set their own). */
    connectionTimeoutMs: 3_000,
    requestTimeoutMs: 30_000,
    /** SASL handshake budget. */
    authenticationTimeoutMs: 5_000,
    /**
     * kafkajs retry policy. kafkajs's own default (5 retries, up to 30 s) nests at several levels and can
     * keep a call to a dead cluster busy for minutes; this one gives up after about a second of backoff.
     */
    retry: Object.freeze({
      retries: 2,
      initialRetryTime: 100,
      maxRetryTime: 1_000,
      factor: 0.2,
      multiplier: 2,
    }),
    /** Whole-call budget of snapshot()/sample()/…: past it the call rejects with SourceUnavailableError. */
    operationTimeoutMs: 30_000,
    /** OffsetFetch requests (one per group) and FindCoordinator lookups in flight at once. */
    groupConcurrency: 32,
    /** Groups per DescribeGroups request. */
    describeGroupsBatch: 500,
    /** Topic configs read by snapshot() and topic(). */
    topicConfigKeys: Object.freeze([
      'retention.ms',
      'retention.bytes',
      'min.insync.replicas',
      'cleanup.policy',
      'unclean.leader.election.enable',
      'max.message.bytes',
      'message.timestamp.type',
    ]),
    /** recordTimestamps(): positions per call, bytes per partition and per Fetch response. */
    recordTimestamps: Object.freeze({
      maxPositions: 2_000,
      maxBytesPerPartition: 64 * 1024,
      maxBytes: 4 * 1024 * 1024,
    }),
  }),
  rabbitmq: Object.freeze({
    /** Per management API request (each page is one request). */
    requestTimeoutMs: 10_000,
    /** The management API's maximum page size. */
    pageSize: 500,
    /** Stop following pages past this many (a runaway pagination guard: 500 × 2,000 = 1M items). */
    maxPages: 2_000,
    /** AMQP connection (TCP + handshake) budget for checkQueue. */
    amqpConnectTimeoutMs: 5_000,
    /** Whole-call budget of snapshot()/queue()/checkQueue(). */
    operationTimeoutMs: 60_000,
  }),
});

export type KafkaSourceOptions = Partial<KafkaSourceSettings>;
export type RabbitmqSourceOptions = Partial<RabbitmqSourceSettings>;

export interface SourceOptions {
  kafka?: KafkaSourceOptions;
  rabbitmq?: RabbitmqSourceOptions;
}
