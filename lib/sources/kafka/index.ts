// The Kafka adapter: one source per Kafka-kind cluster (Apache Kafka or the embedded broker, same code).
// One kafkajs admin (groups, configs) and one private kafkajs Cluster (metadata, ListOffsets, Fetch; see
// internal.ts), both opened on first use and kept for the life of the source.
import { type Admin, Kafka } from 'kafkajs';
import { withDeadline } from '../async';
import type { KafkaSourceOptions, KafkaSourceSettings } from '../defaults';
import {
  type Redactor,
  SourceAuthError,
  SourceError,
  SourceNotFoundError,
  SourceRequestError,
  SourceUnavailableError,
} from '../errors';
import type {
  KafkaClusterSnapshot,
  KafkaGroupInfo,
  KafkaGroupOverview,
  KafkaOffsetsSample,
  KafkaRecordPosition,
  KafkaRecordTimestamp,
  KafkaSource,
  KafkaTopicInfo,
  SourceIssue,
} from '../types';
import { type KafkaKindConfig, kafkaClientSetup } from './client';
import { toSourceError } from './errors';
import { GroupClient } from './group-client';
import { describeGroups, listGroups, memberTopics, toDescribed } from './groups';
import { deriveHealth } from './health';
import { ClusterClient, partitionKey, type RawMetadata } from './internal';
import { brokersOf, controllerOf, fetchTopicConfigs, partitionIdsOf, topicsOf } from './inventory';
import { completeOffsets, fetchCommitted, fetchCommittedMany, fetchLogOffsets } from './offsets';
import { readRecordTimestamps } from './record-timestamp';

export { embeddedBootstrap, type KafkaKindConfig } from './client';
export { deriveHealth, isUnderMinIsr, isUnderReplicated } from './health';

class KafkaAdapter implements KafkaSource {
  readonly kind = 'kafka' as const;
  /** Used for DescribeConfigs only. */
  private readonly admin: Admin;
  private readonly client: ClusterClient;
  private readonly groupClient: GroupClient;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(
    readonly cluster: string,
    kafka: Kafka,
    private readonly redactor: Redactor,
    private readonly settings: KafkaSourceSettings,
  ) {
    this.admin = kafka.admin({ retry: { ...settings.retry } });
    this.client = new ClusterClient(kafka);
    this.groupClient = new GroupClient(this.client);
  }

  private connect(): Promise<void> {
    this.connecting ??= Promise.all([this.admin.connect(), this.client.connect()]).then(
      () => undefined,
      async (error: unknown) => {
        this.connecting = null;
        await this.disconnect();
        throw error;
      },
    );
    return this.connecting;
  }

  private async disconnect(): Promise<void> {
    this.connecting = null;
    this.groupClient.reset();
    await Promise.allSettled([this.admin.disconnect(), this.client.disconnect()]);
  }

  /** Connects if needed, runs `fn` within the operation budget, maps errors; drops the connection when unavailable. */
  private async run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new SourceError(this.cluster, `${operation}: the source is closed`);
    try {
      return await withDeadline(
        this.connect().then(() => fn()),
        this.settings.operationTimeoutMs,
      );
    } catch (error) {
      const mapped = toSourceError(this.cluster, operation, error, this.redactor);
      if (mapped instanceof SourceUnavailableError) void this.disconnect();
      throw mapped;
    }
  }

  /**
   * A part of a snapshot that may fail alone (groups, configs): its failure becomes an issue and the rest of
   * the snapshot is returned, unless the cluster is unreachable or refuses us (then the whole call fails).
   */
  private async part<T>(scope: string, work: Promise<T>, fallback: T, issues: SourceIssue[]): Promise<T> {
    try {
      return await work;
    } catch (error) {
      const mapped = toSourceError(this.cluster, scope, error, this.redactor);
      if (mapped instanceof SourceUnavailableError || mapped instanceof SourceAuthError) throw mapped;
      issues.push({ scope, message: mapped.message });
      return fallback;
    }
  }

  private async groups(metadata: RawMetadata, issues: SourceIssue[]): Promise<KafkaGroupInfo[]> {
    const ids = (await listGroups(this.groupClient, metadata)).map((g) => g.groupId);
    const { describeGroupsBatch: batch, groupConcurrency: concurrency } = this.settings;
    const [described, committed] = await Promise.all([
      describeGroups(this.groupClient, ids, { batch, concurrency }, this.redactor, issues),
      fetchCommittedMany(this.groupClient, ids, concurrency, this.redactor, issues),
    ]);
    const partitionIds = partitionIdsOf(metadata);
    return ids.map((groupId) => {
      const d = described.get(groupId);
      const members = d?.members ?? [];
      return {
        groupId,
        state: d?.state ?? 'Unknown',
        protocolType: d?.protocolType ?? '',
        protocol: d?.protocol ?? '',
        members,
        offsets: completeOffsets(committed.get(groupId) ?? [], memberTopics(members), partitionIds),
      };
    });
  }

  snapshot(): Promise<KafkaClusterSnapshot> {
    return this.run('snapshot', async () => {
      const issues: SourceIssue[] = [];
      const metadata = await this.client.metadata();
      const takenAt = Date.now();
      const names = metadata.topicMetadata.map((t) => t.topic);
      const [offsets, configs, groups] = await Promise.all([
        fetchLogOffsets(this.client, metadata, this.redactor, issues),
        this.part(
          'configs',
          fetchTopicConfigs(this.admin, names, this.settings.topicConfigKeys, this.redactor, issues),
          new Map<string, Record<string, string>>(),
          issues,
        ),
        this.part('groups', this.groups(metadata, issues), [], issues),
      ]);
      const topics = topicsOf(metadata, offsets, configs);
      return {
        kind: 'kafka',
        cluster: this.cluster,
        takenAt,
        clusterId: metadata.clusterId ?? null,
        controllerId: controllerOf(metadata),
        brokers: brokersOf(metadata),
        topics,
        groups,
        health: deriveHealth(topics),
        issues,
      };
    });
  }

  sample(): Promise<KafkaOffsetsSample> {
    return this.run('sample', async () => {
      const issues: SourceIssue[] = [];
      const metadata = await this.client.metadata();
      const takenAt = Date.now();
      const [offsets, groups] = await Promise.all([
        fetchLogOffsets(this.client, metadata, this.redactor, issues),
        this.part('groups', this.groups(metadata, issues), [], issues),
      ]);
      const topics = [...metadata.topicMetadata].sort((a, b) =>
        a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0,
      );
      const partitions = topics.flatMap((t) =>
        [...t.partitionMetadata]
          .sort((a, b) => a.partitionId - b.partitionId)
          .map((p) => {
            const o = offsets.get(partitionKey(t.topic, p.partitionId));
            return {
              topic: t.topic,
              partition: p.partitionId,
              logStart: o?.logStart ?? null,
              end: o?.end ?? null,
            };
          }),
      );
      return {
        kind: 'kafka',
        cluster: this.cluster,
        takenAt,
        partitions,
        groups: groups.map((g) => ({
          groupId: g.groupId,
          state: g.state,
          memberCount: g.members.length,
          offsets: g.offsets,
        })),
        issues,
      };
    });
  }

  topic(name: string): Promise<KafkaTopicInfo> {
    return this.run('topic', async () => {
      const all = await this.client.metadata();
      const metadata = { ...all, topicMetadata: all.topicMetadata.filter((t) => t.topic === name) };
      if (metadata.topicMetadata.length === 0) throw new SourceNotFoundError(this.cluster, 'topic', name);
      const issues: SourceIssue[] = [];
      const [offsets, configs] = await Promise.all([
        fetchLogOffsets(this.client, metadata, this.redactor, issues),
        fetchTopicConfigs(this.admin, [name], this.settings.topicConfigKeys, this.redactor, issues),
      ]);
      if (issues[0]) throw new SourceRequestError(this.cluster, `topic ${name}: ${issues[0].message}`);
      const [topic] = topicsOf(metadata, offsets, configs);
      return topic as KafkaTopicInfo;
    });
  }

  listGroups(): Promise<KafkaGroupOverview[]> {
    return this.run('listGroups', async () => listGroups(this.groupClient, await this.client.metadata()));
  }

  describeGroup(groupId: string): Promise<KafkaGroupInfo> {
    return this.run('describeGroup', async () => {
      const metadata = await this.client.metadata();
      const [raw, committed] = await Promise.all([
        this.groupClient.describeOne(groupId),
        fetchCommitted(this.groupClient, groupId),
      ]);
      const d = raw ? toDescribed(raw) : undefined;
      if (!d || (d.state === 'Dead' && committed.length === 0)) {
        throw new SourceNotFoundError(this.cluster, 'group', groupId);
      }
      return {
        ...d,
        offsets: completeOffsets(committed, memberTopics(d.members), partitionIdsOf(metadata)),
      };
    });
  }

  recordTimestamps(positions: readonly KafkaRecordPosition[]): Promise<KafkaRecordTimestamp[]> {
    if (positions.length === 0) return Promise.resolve([]);
    return this.run('recordTimestamps', async () => {
      const metadata = await this.client.metadata();
      return readRecordTimestamps(
        this.client,
        metadata,
        positions,
        this.settings.recordTimestamps,
        this.redactor,
      );
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.disconnect();
  }
}

/**
 * A source for a Kafka cluster or the embedded broker. Nothing connects until the first call. Throws
 * SourceConfigError when a TLS PEM file cannot be read.
 */
export function createKafkaSource(cluster: KafkaKindConfig, options: KafkaSourceOptions = {}): KafkaSource {
  const { config, redactor, settings } = kafkaClientSetup(cluster, options);
  return new KafkaAdapter(cluster.name, new Kafka(config), redactor, settings);
}
