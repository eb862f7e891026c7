// One topic, group or queue as the cluster describes it now (partition leaders and ISR, configs, members,
// queue policy), for the detail pages. Each read is cached for a few seconds so that several open tabs
// polling the same page cost one request to the cluster.
import { sharedCache } from './ui-cache';
import { brokerAddresses } from './ui-inventory';
import { parseParams, uiGroupParams, uiQueueParams, uiTopicParams } from './ui-params';
import { queueLimits, stringifyValues } from './ui-queue-limits';
import { findSource, sourceFailure, type UiResult, uiFail } from './ui-sources';
import type { UiGroupResponse, UiQueueResponse, UiTopicResponse } from './ui-types';

/** Detail reads are shared for this long. */
export const ENTITY_TTL_MS = 2_000;

type Cached<T> = { ok: true; body: T } | { ok: false; error: unknown };

async function cachedRead<T>(kind: string, key: string, read: () => Promise<T>): Promise<UiResult<T>> {
  const cache = sharedCache<Cached<T>>(`entity.${kind}`, ENTITY_TTL_MS);
  const got = await cache.get(
    key,
    () =>
      read().then(
        (body): Cached<T> => ({ ok: true, body }),
        (error: unknown): Cached<T> => ({ ok: false, error }),
      ),
    true,
  );
  const v = got.value;
  if (!v) return uiFail(503, got.error ?? 'no answer from the cluster');
  return v.ok ? { ok: true, body: v.body } : sourceFailure(v.error);
}

export async function uiTopic(params: unknown): Promise<UiResult<UiTopicResponse>> {
  const p = parseParams(uiTopicParams, params);
  if (!p.ok) return p.result;
  const found = findSource(p.data.cluster);
  if (!found.ok) return found.result;
  if (found.kind !== 'kafka') return uiFail(404, `cluster "${p.data.cluster}" is RabbitMQ: it has no topics`);
  const { source } = found;
  return cachedRead('topic', `${p.data.cluster}\u0000${p.data.topic}`, async () => {
    const t = await source.topic(p.data.topic);
    return {
      cluster: p.data.cluster,
      topic: t.name,
      internal: t.internal,
      replicationFactor: t.replicationFactor,
      partitions: [...t.partitions].sort((a, b) => a.partition - b.partition),
      configs: t.configs,
      brokers: brokerAddresses(p.data.cluster),
      checkedAt: Date.now(),
    };
  });
}

export async function uiGroup(params: unknown): Promise<UiResult<UiGroupResponse>> {
  const p = parseParams(uiGroupParams, params);
  if (!p.ok) return p.result;
  const found = findSource(p.data.cluster);
  if (!found.ok) return found.result;
  if (found.kind !== 'kafka') {
    return uiFail(404, `cluster "${p.data.cluster}" is RabbitMQ: it has no consumer groups`);
  }
  const { source } = found;
  return cachedRead('group', `${p.data.cluster}\u0000${p.data.group}`, async () => {
    const g = await source.describeGroup(p.data.group);
    return {
      cluster: p.data.cluster,
      group: g.groupId,
      state: g.state,
      protocolType: g.protocolType,
      protocol: g.protocol,
      members: [...g.members].sort((a, b) => (a.clientId + a.memberId < b.clientId + b.memberId ? -1 : 1)),
      checkedAt: Date.now(),
    };
  });
}

export async function uiQueue(params: unknown): Promise<UiResult<UiQueueResponse>> {
  const p = parseParams(uiQueueParams, params);
  if (!p.ok) return p.result;
  const found = findSource(p.data.cluster);
  if (!found.ok) return found.result;
  if (found.kind !== 'rabbitmq') return uiFail(404, `cluster "${p.data.cluster}" is Kafka: it has no queues`);
  const { source } = found;
  const key = `${p.data.cluster}\u0000${p.data.vhost}\u0000${p.data.queue}`;
  return cachedRead('queue', key, async () => {
    const q = await source.queue(p.data.vhost, p.data.queue);
    const now = Date.now();
    return {
      cluster: p.data.cluster,
      queue: {
        ...q,
        arguments: stringifyValues(q.arguments),
        effectivePolicy: stringifyValues(q.effectivePolicy),
      },
      limits: queueLimits(q.arguments, q.effectivePolicy),
      headMessageAgeSeconds:
        q.headMessageTimestamp === null ? null : Math.max(0, (now - q.headMessageTimestamp) / 1000),
      checkedAt: now,
    };
  });
}
