// Brokers and topics from one Metadata answer, topic configs from DescribeConfigs (chunked), joined with
// the log offsets into Spillway's KafkaTopicInfo.
import type { Admin, ConfigResourceTypes } from 'kafkajs';
import { settleLimit } from '../async';
import type { Redactor } from '../errors';
import type { KafkaBroker, KafkaPartitionInfo, KafkaTopicInfo, SourceIssue } from '../types';
import { partitionKey, type RawMetadata } from './internal';
import type { LogOffsets } from './offsets';

/** Kafka's own topics (Topic.isInternal in Apache Kafka), for brokers whose Metadata lacks is_internal. */
export const INTERNAL_TOPICS: ReadonlySet<string> = new Set([
  '__consumer_offsets',
  '__transaction_state',
  '__share_group_state',
]);

/** LEADER_NOT_AVAILABLE: Kafka's partition error when the leader is gone. */
const LEADER_NOT_AVAILABLE = 5;
/** Kafka's ConfigResource type TOPIC (kafkajs's enum is not an ESM named export: node cannot import it). */
const TOPIC_RESOURCE = 2 as ConfigResourceTypes;
/** Topics per DescribeConfigs request. */
const CONFIG_CHUNK = 500;

export function brokersOf(metadata: RawMetadata): KafkaBroker[] {
  return metadata.brokers
    .map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null }))
    .sort((a, b) => a.nodeId - b.nodeId);
}

export function controllerOf(metadata: RawMetadata): number | null {
  const id = metadata.controllerId;
  return id === undefined || id === null || id < 0 ? null : id;
}

/** Partition ids per topic, sorted. */
export function partitionIdsOf(metadata: RawMetadata): Map<string, number[]> {
  return new Map(
    metadata.topicMetadata.map((t) => [
      t.topic,
      t.partitionMetadata.map((p) => p.partitionId).sort((a, b) => a - b),
    ]),
  );
}

export function topicsOf(
  metadata: RawMetadata,
  offsets: ReadonlyMap<string, LogOffsets>,
  configs: ReadonlyMap<string, Record<string, string>>,
): KafkaTopicInfo[] {
  return metadata.topicMetadata
    .map((t) => {
      const partitions: KafkaPartitionInfo[] = t.partitionMetadata
        .map((p) => {
          const o = offsets.get(partitionKey(t.topic, p.partitionId));
          const offline = p.leader < 0 || p.partitionErrorCode === LEADER_NOT_AVAILABLE;
          return {
            partition: p.partitionId,
            leader: p.leader < 0 ? null : p.leader,
            replicas: [...p.replicas],
            isr: [...p.isr],
            offlineReplicas: [...(p.offlineReplicas ?? [])],
            offline,
            logStart: o?.logStart ?? null,
            end: o?.end ?? null,
          };
        })
        .sort((a, b) => a.partition - b.partition);
      return {
        name: t.topic,
        internal: t.isInternal === true || INTERNAL_TOPICS.has(t.topic),
        replicationFactor: partitions[0]?.replicas.length ?? 0,
        partitions,
        configs: configs.get(t.topic) ?? {},
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function describeChunk(
  admin: Admin,
  topics: readonly string[],
  keys: readonly string[],
  into: Map<string, Record<string, string>>,
): Promise<void> {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: TOPIC_RESOURCE, name, configNames: [...keys] })),
  });
  for (const r of resources) {
    const configs: Record<string, string> = {};
    for (const e of r.configEntries) {
      if (e.configValue !== null && e.configValue !== undefined && !e.isSensitive) {
        configs[e.configName] = e.configValue;
      }
    }
    into.set(
      r.resourceName,
      Object.fromEntries(Object.entries(configs).sort(([a], [b]) => (a < b ? -1 : 1))),
    );
  }
}

/**
 * The effective values of `keys` for each topic, in chunks of 500 topics per request. kafkajs rejects a
 * whole answer when one resource has an error (a topic deleted meanwhile), so a failed chunk is retried
 * topic by topic and only the failing topics become issues.
 */
export async function fetchTopicConfigs(
  admin: Admin,
  topics: readonly string[],
  keys: readonly string[],
  redactor: Redactor,
  issues: SourceIssue[],
): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  const chunks: string[][] = [];
  for (let i = 0; i < topics.length; i += CONFIG_CHUNK) chunks.push(topics.slice(i, i + CONFIG_CHUNK));
  for (const chunk of chunks) {
    try {
      await describeChunk(admin, chunk, keys, out);
    } catch (error) {
      const results = await settleLimit(chunk, 8, (t) => describeChunk(admin, [t], keys, out));
      if (chunk.length > 1 && results.every((r) => !r.ok)) {
        issues.push({ scope: 'configs', message: `configs: ${redactor.describe(error)}` });
        continue;
      }
      results.forEach((r, i) => {
        if (!r.ok) {
          issues.push({ scope: `topic:${chunk[i]}`, message: `configs: ${redactor.describe(r.error)}` });
        }
      });
    }
  }
  return out;
}
