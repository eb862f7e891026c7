/**
 * The storage seam of the broker: handlers talk to `LogManager` and `PartitionLog` only, so the file-backed
 * implementation can be swapped (STYLE 3). Offsets, timestamps and producer ids are JS numbers.
 * Errors are `KafkaProtocolError`s (see ../errors) carrying the Kafka error code to answer with.
 */

/** How appends become durable. See fsync.ts for the design. */
export type FsyncPolicy =
  | { kind: 'group' }
  | { kind: 'always' }
  | { kind: 'interval'; ms: number }
  | { kind: 'never' };

export interface AppendOptions {
  /** Wall clock used for LogAppendTime and timestamp validation; defaults to the manager clock. */
  now?: number;
}

export interface AppendResult {
  /** Offset of the first record of the first batch (the original one for a duplicate). */
  baseOffset: number;
  lastOffset: number;
  /** The broker timestamp stamped under LogAppendTime, else -1. */
  logAppendTime: number;
  logStartOffset: number;
  /** True when the batch was an idempotent-producer retry already in the log: nothing was written. */
  duplicate: boolean;
}

export interface ReadOptions {
  /** Return the first batch even when it is larger than maxBytes (Kafka >= 0.10.1 semantics). Default true. */
  minOneBatch?: boolean;
}

export interface ReadResult {
  /** Whole record batches, unmodified bytes from the log; empty when nothing is available. */
  records: Buffer;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
}

export interface TimestampOffset {
  offset: number;
  timestamp: number;
}

export interface PartitionLog {
  readonly topic: string;
  readonly partition: number;
  /**
   * Validates every batch, assigns offsets, writes, and resolves once durable under the fsync policy.
   * Rejects with a KafkaProtocolError (nothing written) for invalid input or idempotence violations.
   * The log takes ownership of `records`: base offsets are rewritten in place and the bytes may be kept in
   * the tail cache, so the caller must not reuse or modify the buffer afterwards.
   */
  append(records: Buffer, options?: AppendOptions): Promise<AppendResult>;
  /** Whole batches from `fetchOffset` (a batch containing it) up to maxBytes, below the high watermark. */
  read(fetchOffset: number, maxBytes: number, options?: ReadOptions): Promise<ReadResult>;
  /**
   * Resolves true as soon as the high watermark is above `offset`, false after `timeoutMs` or on abort.
   * Lets Fetch honour max wait / min bytes without polling.
   */
  waitForData(offset: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  /** Calls `listener(highWatermark)` whenever the high watermark advances; returns an unsubscribe function. */
  onData(listener: (highWatermark: number) => void): () => void;
  /** First offset whose record timestamp >= `timestamp` (ListOffsets by time), or null. */
  offsetForTimestamp(timestamp: number): Promise<TimestampOffset | null>;
  /** The record with the largest timestamp (ListOffsets -3), or null for an empty log. */
  maxTimestamp(): Promise<TimestampOffset | null>;
  /** Moves the log start offset to `offset` (-1 = high watermark), durably; returns the new low watermark. */
  deleteRecordsBefore(offset: number): Promise<number>;
  readonly logStartOffset: number;
  readonly highWatermark: number;
  readonly logEndOffset: number;
  /** Bytes on disk across all segments. */
  readonly sizeInBytes: number;
}

export interface ConfigEntry {
  name: string;
  value: string;
  /** `topic` = set on the topic, `broker` = LogManager option `topicDefaults`, `default` = Kafka's default. */
  source: 'topic' | 'broker' | 'default';
  type: string;
  readOnly: boolean;
  sensitive: boolean;
}

/** Parsed settings the log acts on, derived from the topic configs. */
export interface TopicSettings {
  retentionMs: number;
  retentionBytes: number;
  segmentBytes: number;
  segmentMs: number;
  maxMessageBytes: number;
  indexIntervalBytes: number;
  logAppendTime: boolean;
  timestampBeforeMaxMs: number;
  timestampAfterMaxMs: number;
}

export interface TopicDescription {
  name: string;
  /** UUID string (the wire codec converts it to Kafka's 16 bytes). */
  topicId: string;
  partitions: number;
  /** Topic-level overrides only. */
  configs: Record<string, string>;
}

export interface CreateTopicOptions {
  validateOnly?: boolean;
}

export interface AlterConfigsOptions {
  /** true: `configs` replaces every override (AlterConfigs); false: merge (IncrementalAlterConfigs). */
  replace?: boolean;
  validateOnly?: boolean;
}

export interface LogManager {
  /** Creates a topic; partitions -1 means the manager default. Throws TOPIC_ALREADY_EXISTS, INVALID_*. */
  createTopic(
    name: string,
    partitions: number,
    configs?: Record<string, string>,
    options?: CreateTopicOptions,
  ): Promise<TopicDescription>;
  deleteTopic(name: string): Promise<void>;
  /** Grows a topic to `total` partitions (never shrinks). */
  createPartitions(name: string, total: number, options?: CreateTopicOptions): Promise<void>;
  /** Effective values with their source; all known keys unless `keys` is given. */
  describeConfigs(name: string, keys?: readonly string[]): ConfigEntry[];
  /** null values remove an override (back to the default). */
  alterConfigs(
    name: string,
    configs: Record<string, string | null>,
    options?: AlterConfigsOptions,
  ): Promise<void>;
  listTopics(): TopicDescription[];
  topic(name: string): TopicDescription | undefined;
  /** The partition's log; throws UNKNOWN_TOPIC_OR_PARTITION. */
  partition(topic: string, partition: number): PartitionLog;
  /** Applies retention to every partition once. */
  runRetention(): Promise<void>;
  startRetention(intervalMs?: number): void;
  stopRetention(): void;
  /** Flushes and fsyncs everything, then releases the data directory. */
  close(): Promise<void>;
}
