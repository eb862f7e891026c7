/**
 * Topic configuration: the known Kafka topic-level keys with their types and defaults (public Kafka
 * "Topic Configs" reference), validation, and the parsed settings the log uses. Values are kept as strings
 * (as on the wire); longs beyond the safe-integer range (Long.MAX_VALUE defaults) clamp to MAX_SAFE_INTEGER.
 */
import { KafkaProtocolError } from '../errors';
import type { ConfigEntry, TopicSettings } from './types';

type ConfigType = 'long' | 'int' | 'string' | 'list' | 'boolean' | 'double';

interface ConfigDef {
  type: ConfigType;
  default: string;
  /** Smallest accepted value for numeric types. */
  min?: number;
  /** Accepted values for string/list types. */
  oneOf?: readonly string[];
  /** Extra check returning a reason when the value is not supported here. */
  check?: (value: string) => string | undefined;
}

const LONG_MAX = '9223372036854775807';
export const GIB = 1024 * 1024 * 1024;
/** Default segment size: 128 MiB (Kafka uses 1 GiB); bounds crash-recovery scans of the active segment. */
export const DEFAULT_SEGMENT_BYTES = 128 * 1024 * 1024;
export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

const DEFS: Record<string, ConfigDef> = {
  'cleanup.policy': {
    type: 'list',
    default: 'delete',
    check: (v) =>
      v.split(',').every((p) => p.trim() === 'delete')
        ? undefined
        : 'only cleanup.policy=delete is supported (no compaction)',
  },
  'compression.type': {
    type: 'string',
    default: 'producer',
    check: (v) =>
      v === 'producer'
        ? undefined
        : 'broker-side recompression is not supported; use compression.type=producer',
  },
  'delete.retention.ms': { type: 'long', default: '86400000', min: 0 },
  'file.delete.delay.ms': { type: 'long', default: '60000', min: 0 },
  'flush.messages': { type: 'long', default: LONG_MAX, min: 1 },
  'flush.ms': { type: 'long', default: LONG_MAX, min: 0 },
  'follower.replication.throttled.replicas': { type: 'list', default: '' },
  'index.interval.bytes': { type: 'int', default: '4096', min: 0 },
  'leader.replication.throttled.replicas': { type: 'list', default: '' },
  'local.retention.bytes': { type: 'long', default: '-2', min: -2 },
  'local.retention.ms': { type: 'long', default: '-2', min: -2 },
  'max.compaction.lag.ms': { type: 'long', default: LONG_MAX, min: 1 },
  'max.message.bytes': { type: 'int', default: '1048588', min: 0 },
  'message.downconversion.enable': { type: 'boolean', default: 'true' },
  'message.timestamp.after.max.ms': { type: 'long', default: LONG_MAX, min: 0 },
  'message.timestamp.before.max.ms': { type: 'long', default: LONG_MAX, min: 0 },
  'message.timestamp.difference.max.ms': { type: 'long', default: LONG_MAX, min: 0 },
  'message.timestamp.type': { type: 'string', default: 'CreateTime', oneOf: ['CreateTime', 'LogAppendTime'] },
  'min.cleanable.dirty.ratio': { type: 'double', default: '0.5', min: 0 },
  'min.compaction.lag.ms': { type: 'long', default: '0', min: 0 },
  'min.insync.replicas': { type: 'int', default: '1', min: 1 },
  preallocate: { type: 'boolean', default: 'false' },
  'remote.storage.enable': {
    type: 'boolean',
    default: 'false',
    check: (v) => (v === 'false' ? undefined : 'tiered storage is not supported'),
  },
  'retention.bytes': { type: 'long', default: '-1', min: -1 },
  'retention.ms': { type: 'long', default: String(DEFAULT_RETENTION_MS), min: -1 },
  'segment.bytes': { type: 'int', default: String(DEFAULT_SEGMENT_BYTES), min: 14 },
  'segment.index.bytes': { type: 'int', default: '10485760', min: 4 },
  'segment.jitter.ms': { type: 'long', default: '0', min: 0 },
  'segment.ms': { type: 'long', default: '604800000', min: 1 },
  'unclean.leader.election.enable': { type: 'boolean', default: 'false' },
};

export const KNOWN_TOPIC_CONFIGS: readonly string[] = Object.keys(DEFS).sort();

const INT_PATTERN = /^-?\d+$/;
const DOUBLE_PATTERN = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function invalidConfig(message: string, key: string): never {
  throw new KafkaProtocolError('INVALID_CONFIG', message, { config: key });
}

/** Throws INVALID_CONFIG unless `key` is a known topic config. */
export function assertKnownConfig(key: string): void {
  if (DEFS[key] === undefined) invalidConfig(`unknown topic config '${key}'`, key);
}

/** Validates one key/value pair and returns the normalized value; throws INVALID_CONFIG. */
export function validateConfigValue(key: string, raw: string): string {
  const def = DEFS[key];
  if (def === undefined) invalidConfig(`unknown topic config '${key}'`, key);
  const value = raw.trim();
  switch (def.type) {
    case 'long':
    case 'int': {
      if (!INT_PATTERN.test(value)) invalidConfig(`${key} must be an integer, got '${raw}'`, key);
      const big = BigInt(value);
      const max = def.type === 'int' ? 2147483647n : 9223372036854775807n;
      if (big > max || big < -max - 1n) invalidConfig(`${key} is out of range: ${raw}`, key);
      if (def.min !== undefined && big < BigInt(def.min))
        invalidConfig(`${key} must be >= ${def.min}, got ${raw}`, key);
      break;
    }
    case 'double':
      if (!DOUBLE_PATTERN.test(value)) invalidConfig(`${key} must be a number, got '${raw}'`, key);
      if (def.min !== undefined && Number(value) < def.min)
        invalidConfig(`${key} must be >= ${def.min}`, key);
      break;
    case 'boolean':
      if (value !== 'true' && value !== 'false')
        invalidConfig(`${key} must be true or false, got '${raw}'`, key);
      break;
    default:
      if (def.oneOf !== undefined && !def.oneOf.includes(value)) {
        invalidConfig(`${key} must be one of ${def.oneOf.join(', ')}, got '${raw}'`, key);
      }
  }
  const reason = def.check?.(value);
  if (reason !== undefined) invalidConfig(reason, key);
  return value;
}

/** Validates a set of overrides (null values are not allowed here). */
export function validateConfigs(configs: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(configs)) out[key] = validateConfigValue(key, value);
  return out;
}

function toNumber(value: string): number {
  const n = Number(value);
  return n > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : n;
}

/** The effective value: topic override, else broker default, else Kafka default. */
function effective(
  key: string,
  topic: Readonly<Record<string, string>>,
  broker: Readonly<Record<string, string>>,
): string {
  return topic[key] ?? broker[key] ?? (DEFS[key] as ConfigDef).default;
}

/** Parses the settings the log acts on. */
export function resolveSettings(
  topic: Readonly<Record<string, string>>,
  broker: Readonly<Record<string, string>> = {},
): TopicSettings {
  const num = (key: string) => toNumber(effective(key, topic, broker));
  const difference = num('message.timestamp.difference.max.ms');
  return {
    retentionMs: num('retention.ms'),
    retentionBytes: num('retention.bytes'),
    segmentBytes: num('segment.bytes'),
    segmentMs: num('segment.ms'),
    maxMessageBytes: num('max.message.bytes'),
    indexIntervalBytes: num('index.interval.bytes'),
    logAppendTime: effective('message.timestamp.type', topic, broker) === 'LogAppendTime',
    timestampBeforeMaxMs: Math.min(difference, num('message.timestamp.before.max.ms')),
    timestampAfterMaxMs: Math.min(difference, num('message.timestamp.after.max.ms')),
  };
}

/** Effective values of every known key, with their source, for DescribeConfigs. */
export function describeConfigs(
  topic: Readonly<Record<string, string>>,
  broker: Readonly<Record<string, string>> = {},
  keys?: readonly string[],
): ConfigEntry[] {
  const names = keys ?? KNOWN_TOPIC_CONFIGS;
  return names.map((name) => {
    const def = DEFS[name];
    if (def === undefined) invalidConfig(`unknown topic config '${name}'`, name);
    const source: ConfigEntry['source'] =
      topic[name] !== undefined ? 'topic' : broker[name] !== undefined ? 'broker' : 'default';
    return {
      name,
      value: effective(name, topic, broker),
      source,
      type: def.type,
      readOnly: false,
      sensitive: false,
    };
  });
}
