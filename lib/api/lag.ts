// The lag API facade: validates parameters, reads the sampler's in-memory state (and the store for
// history) and returns JSON-ready results. Route handlers under app/api/lag only call these.
import { toPublicCluster } from '../clusters/public';
import {
  type ClusterEntry,
  currentLagSampler,
  getGroup,
  getQueue,
  getTopic,
  groupHistory,
  LagSampler,
  listGroups,
  listQueues,
  listTopics,
  queueHistory,
  setLagSampler,
} from '../lag/sampler';
import { createLogger } from '../logger';
import { getRuntime } from '../runtime/context';
import { fail, type LagResult, queryOf, validate } from './lag-http';
import {
  clusterParams,
  groupParams,
  historyQuery,
  historyWindow,
  listQuery,
  overviewQuery,
  queueParams,
  topicParams,
  topicsQuery,
} from './lag-params';
import type {
  LagCluster,
  LagClustersResponse,
  LagGroupResponse,
  LagGroupsResponse,
  LagOverviewResponse,
  LagQueueResponse,
  LagQueuesResponse,
  LagTopicResponse,
  LagTopicsResponse,
} from './lag-types';

/**
 * The process's sampler. `spillway start` publishes it; under `next dev` (no start command) one is
 * created on first use, as the runtime context is.
 */
export function lagSampler(): LagSampler | null {
  const current = currentLagSampler();
  if (current) return current;
  if (process.env.NODE_ENV === 'production') return null;
  const rt = getRuntime();
  const created = new LagSampler({ config: rt.config, store: rt.store, log: createLogger('sampler') });
  void created.start();
  setLagSampler(created);
  return created;
}

const NO_SAMPLER = fail(503, 'the lag sampler is not running in this process');

function clusterView(e: ClusterEntry): LagCluster {
  const pub = toPublicCluster(e.config);
  return { ...e.loop.health(), endpoints: pub.endpoints, security: pub.security };
}

type Found = { ok: true; sampler: LagSampler; entry: ClusterEntry } | { ok: false; result: LagResult<never> };

/** The sampler and a cluster of the wanted kind, or the 4xx/503 that explains why not. */
function findCluster(params: unknown, want?: 'kafka' | 'rabbitmq'): Found {
  const v = validate(clusterParams.passthrough(), params, 'path');
  if (!v.ok) return v;
  const s = lagSampler();
  if (!s) return { ok: false, result: NO_SAMPLER };
  const entry = s.entry(v.data.cluster);
  if (!entry) return { ok: false, result: fail(404, `unknown cluster "${v.data.cluster}"`) };
  if (want === 'kafka' && !entry.kafka) {
    return {
      ok: false,
      result: fail(
        404,
        `cluster "${v.data.cluster}" is a RabbitMQ cluster: it has queues, not consumer groups`,
      ),
    };
  }
  if (want === 'rabbitmq' && !entry.rabbitmq) {
    return {
      ok: false,
      result: fail(404, `cluster "${v.data.cluster}" is a Kafka cluster: it has no queues`),
    };
  }
  return { ok: true, sampler: s, entry };
}

/** 503 when a cluster has never been sampled (so "not found" would be a guess). */
function notSampledYet(entry: ClusterEntry): LagResult<never> | null {
  const h = entry.loop.health();
  if (h.rounds > 0) return null;
  const why = h.lastError ? `: ${h.lastError}` : ' (first round in progress)';
  return fail(503, `cluster "${h.cluster}" has not been sampled yet${why}`);
}

export function lagOverview(url: string): LagResult<LagOverviewResponse> {
  const q = validate(overviewQuery, queryOf(url), 'query parameters');
  if (!q.ok) return q.result;
  const s = lagSampler();
  if (!s) return NO_SAMPLER;
  const { limit, offset, ...filter } = q.data;
  if (filter.cluster && !s.entry(filter.cluster)) return fail(404, `unknown cluster "${filter.cluster}"`);
  const groups = listGroups(s, filter);
  const queues = listQueues(s, filter);
  return {
    ok: true,
    body: {
      generatedAt: Date.now(),
      clusters: s.clusterEntries().map(clusterView),
      groups: groups.slice(offset, offset + limit),
      groupsTotal: groups.length,
      queues: queues.slice(offset, offset + limit),
      queuesTotal: queues.length,
      transitions: [...s.bus.latest()],
    },
  };
}

export function lagClusters(): LagResult<LagClustersResponse> {
  const s = lagSampler();
  if (!s) return NO_SAMPLER;
  return { ok: true, body: { clusters: s.clusterEntries().map(clusterView) } };
}

export function lagCluster(params: unknown): LagResult<LagCluster> {
  const c = findCluster(params);
  return c.ok ? { ok: true, body: clusterView(c.entry) } : c.result;
}

export function lagGroups(url: string, params: unknown): LagResult<LagGroupsResponse> {
  const c = findCluster(params, 'kafka');
  if (!c.ok) return c.result;
  const q = validate(listQuery, queryOf(url), 'query parameters');
  if (!q.ok) return q.result;
  const { limit, offset, ...filter } = q.data;
  const groups = listGroups(c.sampler, { ...filter, cluster: c.entry.config.name });
  return {
    ok: true,
    body: {
      cluster: c.entry.config.name,
      groups: groups.slice(offset, offset + limit),
      total: groups.length,
    },
  };
}

export function lagGroup(url: string, params: unknown): LagResult<LagGroupResponse> {
  const p = validate(groupParams, params, 'path');
  if (!p.ok) return p.result;
  const c = findCluster(params, 'kafka');
  if (!c.ok) return c.result;
  const q = validate(historyQuery, queryOf(url), 'query parameters');
  if (!q.ok) return q.result;
  const detail = getGroup(c.sampler, p.data.cluster, p.data.group);
  if (!detail) {
    return (
      notSampledYet(c.entry) ??
      fail(404, `no consumer group "${p.data.group}" on cluster "${p.data.cluster}"`)
    );
  }
  const range = historyWindow(q.data, Date.now());
  const history = groupHistory(c.sampler, p.data.cluster, p.data.group, range);
  return { ok: true, body: { group: detail.group, partitions: detail.partitions, range, history } };
}

export function lagTopics(url: string, params: unknown): LagResult<LagTopicsResponse> {
  const c = findCluster(params, 'kafka');
  if (!c.ok) return c.result;
  const q = validate(topicsQuery, queryOf(url), 'query parameters');
  if (!q.ok) return q.result;
  const cluster = c.entry.config.name;
  return { ok: true, body: { cluster, topics: listTopics(c.sampler, cluster, q.data.internal) } };
}

export function lagTopic(params: unknown): LagResult<LagTopicResponse> {
  const p = validate(topicParams, params, 'path');
  if (!p.ok) return p.result;
  const c = findCluster(params, 'kafka');
  if (!c.ok) return c.result;
  const topic = getTopic(c.sampler, p.data.cluster, p.data.topic);
  if (!topic) {
    return notSampledYet(c.entry) ?? fail(404, `no topic "${p.data.topic}" on cluster "${p.data.cluster}"`);
  }
  return { ok: true, body: topic };
}

export function lagQueues(url: string, params: unknown): LagResult<LagQueuesResponse> {
  const c = findCluster(params, 'rabbitmq');
  if (!c.ok) return c.result;
  const q = validate(listQuery, queryOf(url), 'query parameters');
  if (!q.ok) return q.result;
  const { limit, offset, ...filter } = q.data;
  const queues = listQueues(c.sampler, { ...filter, cluster: c.entry.config.name });
  return {
    ok: true,
    body: {
      cluster: c.entry.config.name,
      queues: queues.slice(offset, offset + limit),
      total: queues.length,
    },
  };
}

export function lagQueue(url: string, params: unknown): LagResult<LagQueueResponse> {
  const p = validate(queueParams, params, 'path');
  if (!p.ok) return p.result;
  const c = findCluster(params, 'rabbitmq');
  if (!c.ok) return c.result;
  const q = validate(historyQuery, queryOf(url), 'query parameters');
  if (!q.ok) return q.result;
  const { cluster, vhost, queue } = p.data;
  const view = getQueue(c.sampler, cluster, vhost, queue);
  if (!view) {
    return (
      notSampledYet(c.entry) ?? fail(404, `no queue "${queue}" in vhost "${vhost}" on cluster "${cluster}"`)
    );
  }
  const range = historyWindow(q.data, Date.now());
  return {
    ok: true,
    body: { queue: view, range, history: queueHistory(c.sampler, cluster, vhost, queue, range) },
  };
}
