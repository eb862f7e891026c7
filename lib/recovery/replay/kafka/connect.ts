// kafkajs for replay and offset reset, built from the cluster's config by the same setup the sources use
// (brokers, TLS, SASL, timeouts, redacting log bridge). Errors leave this folder as ReplayError/SourceError
// with redacted messages.
import { type Admin, Kafka } from 'kafkajs';
import { SourceError } from '../../../sources';
import { kafkaClientSetup } from '../../../sources/kafka/client';
import { toSourceError } from '../../../sources/kafka/errors';
import type { KafkaKind } from '../clusters';
import { ReplayError } from '../errors';

export interface KafkaHandle {
  readonly cluster: KafkaKind;
  readonly kafka: Kafka;
  /** Runs `fn`, mapping client errors to redacted SourceErrors (ReplayErrors pass through). */
  call<T>(operation: string, fn: () => Promise<T>): Promise<T>;
}

export function openKafka(cluster: KafkaKind): KafkaHandle {
  const { config, redactor } = kafkaClientSetup(cluster);
  const kafka = new Kafka(config);
  return {
    cluster,
    kafka,
    async call(operation, fn) {
      try {
        return await fn();
      } catch (error) {
        if (error instanceof ReplayError || error instanceof SourceError) throw error;
        throw toSourceError(cluster.name, operation, error, redactor);
      }
    },
  };
}

/** Runs `fn` with a connected admin and always disconnects it. */
export async function withAdmin<T>(h: KafkaHandle, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = h.kafka.admin();
  try {
    await h.call('connect', () => admin.connect());
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Partition ids of a topic with their log start and end; ReplayError when the topic does not exist. */
export async function topicOffsets(
  h: KafkaHandle,
  admin: Admin,
  topic: string,
): Promise<Array<{ partition: number; logStart: number; end: number }>> {
  const topics = await h.call('listTopics', () => admin.listTopics());
  if (!topics.includes(topic)) {
    throw new ReplayError(`topic "${topic}" does not exist on cluster ${h.cluster.name}`, 'not-found');
  }
  const offsets = await h.call('fetchTopicOffsets', () => admin.fetchTopicOffsets(topic));
  return offsets
    .map((o) => ({ partition: o.partition, logStart: Number(o.low), end: Number(o.high) }))
    .sort((a, b) => a.partition - b.partition);
}

/** Members of a group now (0 for a group that does not exist or is empty). */
export async function activeMembers(
  h: KafkaHandle,
  admin: Admin,
  group: string,
): Promise<{ state: string; members: string[] }> {
  const described = await h.call('describeGroups', () => admin.describeGroups([group]));
  const g = described.groups.find((x) => x.groupId === group);
  return {
    state: g?.state ?? 'Dead',
    members: (g?.members ?? []).map((m) => `${m.memberId} (${m.clientId}@${m.clientHost})`),
  };
}
