/**
 * Group coordinator settings, in one exported constant. Names follow the Kafka broker properties they
 * mirror; defaults are Kafka's except the initial rebalance delay, which is small for local use.
 */
export interface GroupConfig {
  /** `group.initial.rebalance.delay.ms` (Kafka: 3000): how long the first rebalance of an Empty group waits for more members. */
  readonly initialRebalanceDelayMs: number;
  /** `group.min.session.timeout.ms`: JoinGroup below it answers INVALID_SESSION_TIMEOUT. */
  readonly minSessionTimeoutMs: number;
  /** `group.max.session.timeout.ms`: JoinGroup above it answers INVALID_SESSION_TIMEOUT. */
  readonly maxSessionTimeoutMs: number;
  /** How long a new member may wait in a rebalance before it is dropped (Kafka's fixed 5 minutes). */
  readonly newMemberJoinTimeoutMs: number;
  /** `offsets.retention.minutes` in ms: offsets of an Empty group expire this long after it became Empty. */
  readonly offsetsRetentionMs: number;
  /** `offsets.retention.check.interval.ms`: how often expired offsets and dead Empty groups are removed. */
  readonly offsetsRetentionCheckIntervalMs: number;
  /** `offset.metadata.max.bytes`: longer commit metadata answers OFFSET_METADATA_TOO_LARGE. */
  readonly offsetMetadataMaxBytes: number;
  /** The offsets journal is compacted into a snapshot once it grows past this many bytes. */
  readonly compactThresholdBytes: number;
}

export const GROUP_DEFAULTS: GroupConfig = Object.freeze({
  initialRebalanceDelayMs: 100,
  minSessionTimeoutMs: 6_000,
  maxSessionTimeoutMs: 1_800_000,
  newMemberJoinTimeoutMs: 300_000,
  offsetsRetentionMs: 7 * 24 * 60 * 60 * 1000,
  offsetsRetentionCheckIntervalMs: 600_000,
  offsetMetadataMaxBytes: 4096,
  compactThresholdBytes: 4 * 1024 * 1024,
});

/** Fills unset options from GROUP_DEFAULTS and rejects nonsense values. */
export function resolveGroupConfig(overrides: Partial<GroupConfig> = {}): GroupConfig {
  const config: GroupConfig = { ...GROUP_DEFAULTS, ...overrides };
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
      throw new RangeError(`group config ${key} must be a non-negative number, got ${String(value)}`);
    }
  }
  if (config.minSessionTimeoutMs > config.maxSessionTimeoutMs) {
    throw new RangeError('group config minSessionTimeoutMs must not exceed maxSessionTimeoutMs');
  }
  return config;
}
