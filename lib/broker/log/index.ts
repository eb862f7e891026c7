/** Public API of the partition log: the storage seam (types), the file-backed and memory:// implementations. */
export { DEFAULT_RETENTION_MS, DEFAULT_SEGMENT_BYTES, KNOWN_TOPIC_CONFIGS } from './config';
export { parseFsyncPolicy } from './fsync';
export { FileLogManager, type LogManagerOptions } from './log-manager';
export { MemoryLogManager } from './memory-manager';
export { openLogManager } from './open';
export type { FilePartitionLog } from './partition-log';
export { MAX_TOPIC_NAME_LENGTH, validateTopicName } from './topic-store';
export type {
  AlterConfigsOptions,
  AppendOptions,
  AppendResult,
  ConfigEntry,
  CreateTopicOptions,
  FsyncPolicy,
  LogManager,
  PartitionLog,
  ReadOptions,
  ReadResult,
  TimestampOffset,
  TopicDescription,
  TopicSettings,
} from './types';
