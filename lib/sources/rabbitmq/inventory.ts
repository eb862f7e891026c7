// Management API answers → Spillway's RabbitMQ types, and the requests that make a snapshot: nodes,
// vhosts, queues and exchanges (paginated, per configured vhost or all), policies, consumers' ack mode.

import { z } from 'zod';
import { settleLimit } from '../async';
import { type Redactor, SourceAuthError, SourceUnavailableError } from '../errors';
import type {
  RabbitmqExchangeInfo,
  RabbitmqNode,
  RabbitmqPolicyInfo,
  RabbitmqQueueInfo,
  RabbitmqQueueType,
  SourceIssue,
} from '../types';
import { apiPath, type ManagementClient } from './management';
import {
  consumerSchema,
  type exchangeSchema,
  type nodeSchema,
  type policySchema,
  type RawQueue,
} from './schemas';

const QUEUE_TYPES: ReadonlySet<string> = new Set(['classic', 'quorum', 'stream']);

export const queueKey = (vhost: string, name: string): string => `${vhost}\u0000${name}`;

const rateOf = (d: { rate?: number | undefined } | undefined): number | null =>
  d?.rate === undefined || !Number.isFinite(d.rate) ? null : d.rate;

function definitionOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as object) } : {};
}

/** `manualAck`: from the queue's consumers (true if any consumer needs acks); null without consumers. */
export function toQueueInfo(q: RawQueue, manualAck: boolean | null): RabbitmqQueueInfo {
  const type = q.type ?? 'classic';
  const stats = q.message_stats;
  const utilisation = q.consumer_utilisation ?? q.consumer_capacity ?? null;
  return {
    vhost: q.vhost,
    name: q.name,
    type: QUEUE_TYPES.has(type) ? (type as RabbitmqQueueType) : 'unknown',
    durable: q.durable ?? false,
    autoDelete: q.auto_delete ?? false,
    exclusive: q.exclusive ?? false,
    arguments: { ...(q.arguments ?? {}) },
    policy: q.policy ?? null,
    operatorPolicy: q.operator_policy ?? null,
    effectivePolicy: definitionOf(q.effective_policy_definition),
    ready: q.messages_ready ?? null,
    unacked: q.messages_unacknowledged ?? null,
    messages: q.messages ?? null,
    consumers: q.consumers ?? null,
    consumerUtilisation: utilisation,
    manualAck,
    publishRate: rateOf(stats?.publish_details),
    deliverGetRate: rateOf(stats?.deliver_get_details),
    ackRate: rateOf(stats?.ack_details),
    redeliverRate: rateOf(stats?.redeliver_details),
    // AMQP timestamps are seconds; the management API passes them through.
    headMessageTimestamp:
      q.head_message_timestamp === undefined || q.head_message_timestamp === null
        ? null
        : q.head_message_timestamp * 1000,
    state: q.state ?? null,
    members: [...(q.members ?? [])],
    online: [...(q.online ?? [])],
    leader: q.leader ?? null,
  };
}

export function toNode(n: z.output<typeof nodeSchema>): RabbitmqNode {
  return {
    name: n.name,
    running: n.running ?? false,
    memAlarm: n.mem_alarm ?? false,
    diskFreeAlarm: n.disk_free_alarm ?? false,
    partitions: [...(n.partitions ?? [])],
  };
}

export function toExchange(e: z.output<typeof exchangeSchema>): RabbitmqExchangeInfo {
  return {
    vhost: e.vhost,
    name: e.name,
    type: e.type,
    durable: e.durable ?? false,
    autoDelete: e.auto_delete ?? false,
    internal: e.internal ?? false,
    arguments: { ...(e.arguments ?? {}) },
  };
}

export function toPolicy(p: z.output<typeof policySchema>, operator: boolean): RabbitmqPolicyInfo {
  return {
    vhost: p.vhost,
    name: p.name,
    pattern: p.pattern,
    applyTo: p['apply-to'] ?? 'all',
    priority: p.priority ?? 0,
    definition: definitionOf(p.definition),
    operator,
  };
}

/** Whether each queue's consumers ack manually, from one /api/consumers request. */
export async function ackModes(api: ManagementClient, vhost?: string): Promise<Map<string, boolean>> {
  const path = vhost === undefined ? '/api/consumers' : apiPath('consumers', vhost);
  const consumers = await api.get(path, z.array(consumerSchema));
  const out = new Map<string, boolean>();
  for (const c of consumers) {
    const key = queueKey(c.queue.vhost, c.queue.name);
    out.set(key, (out.get(key) ?? false) || c.ack_required === true);
  }
  return out;
}

/**
 * GET a collection for all vhosts, or for each configured vhost. A vhost that fails (404: it does not exist)
 * becomes an issue; an unreachable API or refused credentials fail the whole call.
 */
export async function perVhost<T>(
  vhosts: readonly string[] | undefined,
  what: string,
  all: () => Promise<T[]>,
  one: (vhost: string) => Promise<T[]>,
  redactor: Redactor,
  issues: SourceIssue[],
): Promise<T[]> {
  if (vhosts === undefined) return all();
  const results = await settleLimit(vhosts, 4, one);
  for (const r of results) {
    if (!r.ok && (r.error instanceof SourceUnavailableError || r.error instanceof SourceAuthError))
      throw r.error;
  }
  return results.flatMap((r, i) => {
    if (r.ok) return r.value;
    issues.push({ scope: `${what}:${vhosts[i]}`, message: redactor.describe(r.error) });
    return [];
  });
}
