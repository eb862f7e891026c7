/**
 * Api keys and the supported version ranges: the single source of truth for the ApiVersions response
 * and for dispatch. Only non-flexible versions are served (no compact encodings or tagged fields).
 */

export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  SaslHandshake: 17,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  OffsetForLeaderEpoch: 23,
  DescribeConfigs: 32,
  AlterConfigs: 33,
  SaslAuthenticate: 36,
  CreatePartitions: 37,
  DeleteGroups: 42,
} as const;

export type ApiKey = (typeof ApiKey)[keyof typeof ApiKey];
export type ApiName = keyof typeof ApiKey;

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/**
 * Versions served per api key. Every one of them is below the api's first flexible version.
 *
 * Produce starts at v0 although only magic-v2 record batches are stored (older message sets are answered
 * UNSUPPORTED_FOR_MESSAGE_FORMAT): librdkafka before 2.11.1 compresses with gzip, snappy or lz4 only when
 * the broker lists Produce v0, and silently sends uncompressed batches otherwise (its check matches a
 * single version, librdkafka #4956/#5130). v0-v2 differ from v3 only by the missing transactional id and
 * response fields, which the schema already describes.
 */
export const SUPPORTED: Readonly<Record<ApiKey, VersionRange>> = {
  [ApiKey.Produce]: { min: 0, max: 8 },
  [ApiKey.Fetch]: { min: 4, max: 11 },
  [ApiKey.ListOffsets]: { min: 1, max: 5 },
  [ApiKey.Metadata]: { min: 0, max: 8 },
  [ApiKey.OffsetCommit]: { min: 2, max: 7 },
  [ApiKey.OffsetFetch]: { min: 1, max: 5 },
  [ApiKey.FindCoordinator]: { min: 0, max: 2 },
  [ApiKey.JoinGroup]: { min: 0, max: 5 },
  [ApiKey.Heartbeat]: { min: 0, max: 3 },
  [ApiKey.LeaveGroup]: { min: 0, max: 3 },
  [ApiKey.SyncGroup]: { min: 0, max: 3 },
  [ApiKey.DescribeGroups]: { min: 0, max: 4 },
  [ApiKey.ListGroups]: { min: 0, max: 2 },
  [ApiKey.SaslHandshake]: { min: 0, max: 1 },
  [ApiKey.ApiVersions]: { min: 0, max: 2 },
  [ApiKey.CreateTopics]: { min: 0, max: 4 },
  [ApiKey.DeleteTopics]: { min: 0, max: 3 },
  [ApiKey.DeleteRecords]: { min: 0, max: 1 },
  [ApiKey.InitProducerId]: { min: 0, max: 1 },
  [ApiKey.OffsetForLeaderEpoch]: { min: 0, max: 3 },
  [ApiKey.DescribeConfigs]: { min: 0, max: 3 },
  [ApiKey.AlterConfigs]: { min: 0, max: 1 },
  [ApiKey.SaslAuthenticate]: { min: 0, max: 1 },
  [ApiKey.CreatePartitions]: { min: 0, max: 1 },
  [ApiKey.DeleteGroups]: { min: 0, max: 1 },
};

/**
 * First flexible version of each api (Kafka's `flexibleVersions`): requests at or above it use request
 * header v2 (with tagged fields). Only needed to read the header of requests we then refuse.
 */
export const FIRST_FLEXIBLE: Readonly<Record<ApiKey, number>> = {
  [ApiKey.Produce]: 9,
  [ApiKey.Fetch]: 12,
  [ApiKey.ListOffsets]: 6,
  [ApiKey.Metadata]: 9,
  [ApiKey.OffsetCommit]: 8,
  [ApiKey.OffsetFetch]: 6,
  [ApiKey.FindCoordinator]: 3,
  [ApiKey.JoinGroup]: 6,
  [ApiKey.Heartbeat]: 4,
  [ApiKey.LeaveGroup]: 4,
  [ApiKey.SyncGroup]: 4,
  [ApiKey.DescribeGroups]: 5,
  [ApiKey.ListGroups]: 3,
  [ApiKey.SaslHandshake]: Number.POSITIVE_INFINITY,
  [ApiKey.ApiVersions]: 3,
  [ApiKey.CreateTopics]: 5,
  [ApiKey.DeleteTopics]: 4,
  [ApiKey.DeleteRecords]: 2,
  [ApiKey.InitProducerId]: 2,
  [ApiKey.OffsetForLeaderEpoch]: 4,
  [ApiKey.DescribeConfigs]: 4,
  [ApiKey.AlterConfigs]: 2,
  [ApiKey.SaslAuthenticate]: 2,
  [ApiKey.CreatePartitions]: 2,
  [ApiKey.DeleteGroups]: 2,
};

const NAMES = new Map<number, ApiName>(Object.entries(ApiKey).map(([name, key]) => [key, name as ApiName]));

export function isApiKey(key: number): key is ApiKey {
  return NAMES.has(key);
}

export function apiName(key: number): string {
  return NAMES.get(key) ?? `Unknown(${key})`;
}

export function isSupportedVersion(key: ApiKey, version: number): boolean {
  const r = SUPPORTED[key];
  return version >= r.min && version <= r.max;
}

/** The list the ApiVersions response carries, sorted by api key. */
export function supportedApiVersions(): { apiKey: number; minVersion: number; maxVersion: number }[] {
  return [...NAMES.keys()]
    .sort((a, b) => a - b)
    .map((key) => {
      const r = SUPPORTED[key as ApiKey];
      return { apiKey: key, minVersion: r.min, maxVersion: r.max };
    });
}
