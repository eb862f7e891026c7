// Brokers/nodes and replication health of every cluster, from the sources' snapshots, cached: the overview
// reads the cache and never waits; the cluster page waits for the first read.
import type { ClusterConfig } from '../config';
import type { KafkaClusterSnapshot, RabbitmqSnapshot } from '../sources/types';
import { sharedCache } from './ui-cache';
import { configuredClusters, findSource, type UiResult, uiFail } from './ui-sources';
import type {
  UiClusterResponse,
  UiInventory,
  UiInventoryResponse,
  UiInventorySummary,
  UiKafkaInventory,
  UiRabbitmqInventory,
} from './ui-types';

/** A snapshot reads every topic, config and group: at most one per cluster every 15 s. */
export const INVENTORY_TTL_MS = 15_000;

/** The overview's first load waits this long for a cluster never read before; later loads never wait. */
export const FIRST_READ_WAIT_MS = 1_500;

const cache = () => sharedCache<UiInventory>('inventory', INVENTORY_TTL_MS);

export function kafkaInventory(s: KafkaClusterSnapshot): UiKafkaInventory {
  return {
    kind: 'kafka',
    clusterId: s.clusterId,
    controllerId: s.controllerId,
    brokers: [...s.brokers].sort((a, b) => a.nodeId - b.nodeId),
    topics: s.topics.filter((t) => !t.internal).length,
    partitions: s.topics.reduce((n, t) => n + (t.internal ? 0 : t.partitions.length), 0),
    underReplicated: s.health.underReplicated,
    underMinIsr: s.health.underMinIsr,
    offline: s.health.offline,
    issues: s.issues,
  };
}

export function rabbitmqInventory(s: RabbitmqSnapshot): UiRabbitmqInventory {
  const alarms: string[] = [];
  for (const n of s.nodes) {
    if (!n.running) alarms.push(`${n.name}: not running`);
    if (n.memAlarm) alarms.push(`${n.name}: memory alarm (publishers blocked)`);
    if (n.diskFreeAlarm) alarms.push(`${n.name}: disk alarm (publishers blocked)`);
    if (n.partitions.length > 0) alarms.push(`${n.name}: network partition from ${n.partitions.join(', ')}`);
  }
  return {
    kind: 'rabbitmq',
    clusterName: s.clusterName,
    version: s.rabbitmqVersion,
    nodes: s.nodes,
    vhosts: s.vhosts,
    queues: s.queues.length,
    alarms,
    degradedQueues: s.queues
      .filter((q) => q.members.length > 0 && q.online.length < q.members.length)
      .map((q) => `${q.vhost}/${q.name}`),
    issues: s.issues,
  };
}

function load(name: string): () => Promise<UiInventory> {
  return async () => {
    const found = findSource(name);
    if (!found.ok) throw new Error(found.result.body.error);
    return found.kind === 'kafka'
      ? kafkaInventory(await found.source.snapshot())
      : rabbitmqInventory(await found.source.snapshot());
  };
}

export function summarize(
  c: Pick<ClusterConfig, 'name' | 'kind'>,
  read: { value: UiInventory | null; at: number | null; error: string | null; stale: boolean },
): UiInventorySummary {
  const inv = read.value;
  const base = { cluster: c.name, kind: c.kind, checkedAt: read.at, error: read.error, stale: read.stale };
  if (!inv) {
    return {
      ...base,
      nodes: null,
      nodesDown: null,
      underReplicated: null,
      underMinIsr: null,
      offline: null,
      alarms: [],
    };
  }
  if (inv.kind === 'kafka') {
    return {
      ...base,
      nodes: inv.brokers.length,
      nodesDown: null,
      underReplicated: inv.underReplicated.length,
      underMinIsr: inv.underMinIsr.length,
      offline: inv.offline.length,
      alarms: [],
    };
  }
  return {
    ...base,
    nodes: inv.nodes.length,
    nodesDown: inv.nodes.filter((n) => !n.running).length,
    underReplicated: inv.degradedQueues.length,
    underMinIsr: null,
    offline: null,
    alarms: inv.alarms,
  };
}

/** Every cluster's health line, from the cache; starts a refresh where the cache is old (never waits past FIRST_READ_WAIT_MS). */
export async function uiInventory(): Promise<UiResult<UiInventoryResponse>> {
  const clusters = await Promise.all(
    configuredClusters().map(async (c) =>
      summarize(c, await cache().get(c.name, load(c.name), FIRST_READ_WAIT_MS)),
    ),
  );
  return { ok: true, body: { clusters } };
}

/** One cluster's brokers/nodes and replication health; waits for the first read. */
export async function uiCluster(params: { cluster: string }): Promise<UiResult<UiClusterResponse>> {
  const found = findSource(params.cluster);
  if (!found.ok) return found.result;
  const read = await cache().get(found.config.name, load(found.config.name), true);
  if (!read.value && !read.error) return uiFail(503, 'the cluster has not been read yet');
  return {
    ok: true,
    body: {
      cluster: found.config.name,
      kind: found.config.kind,
      inventory: read.value,
      checkedAt: read.at,
      error: read.error,
      stale: read.stale,
    },
  };
}

/** Broker id → "host:port" from the cached inventory (empty until read). */
export function brokerAddresses(cluster: string): Record<number, string> {
  const inv = cache().peek(cluster).value;
  if (inv?.kind !== 'kafka') return {};
  return Object.fromEntries(inv.brokers.map((b) => [b.nodeId, `${b.host}:${b.port}`]));
}
