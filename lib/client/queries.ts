import { queryOptions } from '@tanstack/react-query';
import type { AlertsResponse } from '../alerts/records';
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
} from '../api/lag-types';
import type { ClustersResponse, HealthResponse } from '../api/types';
import type {
  UiClusterResponse,
  UiGroupResponse,
  UiInventoryResponse,
  UiQueueResponse,
  UiTopicResponse,
} from '../api/ui-types';
import type { AuditReport } from '../audit/types';
import type { DemoStatus } from '../demo/types';
import { HISTORY_POINTS } from './chart-data';
import { ApiError, getJson } from './http';
import { api, type TimeRange } from './paths';

/** Named poll intervals: one place to tune how live the dashboard is. */
export const POLL = {
  /** Numbers served from the sampler's memory: cheap, refreshed often. */
  live: 3_000,
  /** History for charts (a store query). */
  chart: 10_000,
  /** Reads that go to the cluster (inventory, partitions, members, queue policy). */
  cluster: 10_000,
  slow: 30_000,
  /** The audit reads every topic and queue. */
  audit: 120_000,
} as const;

/** Rows asked of list endpoints: enough for the virtualized tables. */
export const LIST_LIMIT = 10_000;
/** Worst backlogs on the overview. */
export const OVERVIEW_LIMIT = 500;

/** Big lists refresh less often: a 10,000-row answer is megabytes of JSON to parse and sort. */
export function listInterval(rows: number | undefined): number {
  return (rows ?? 0) > 2_000 ? POLL.cluster : POLL.live;
}

/** Retry only transient failures (network, 5xx), at most twice. */
export function retryTransient(failureCount: number, error: Error): boolean {
  return failureCount < 2 && error instanceof ApiError && error.transient;
}

const live = { refetchInterval: POLL.live, retry: retryTransient } as const;
const fromCluster = { refetchInterval: POLL.cluster, retry: retryTransient } as const;

/**
 * Every query of the dashboard. Keys are hierarchical — ['clusters', name, 'groups', id, …] — so that
 * invalidating a cluster refreshes everything under it.
 */
export const queries = {
  health: () =>
    queryOptions({
      queryKey: ['health'],
      queryFn: ({ signal }) => getJson<HealthResponse>(api.health(), signal),
      ...live,
      refetchInterval: 5_000,
    }),
  clusters: () =>
    queryOptions({
      queryKey: ['clusters'],
      queryFn: ({ signal }) => getJson<ClustersResponse>(api.clusters(), signal),
      refetchInterval: POLL.slow,
      retry: retryTransient,
    }),
  overview: () =>
    queryOptions({
      queryKey: ['overview', { limit: OVERVIEW_LIMIT }],
      queryFn: ({ signal }) =>
        getJson<LagOverviewResponse>(api.overview({ limit: OVERVIEW_LIMIT, behind: true }), signal),
      ...live,
    }),
  lagClusters: () =>
    queryOptions({
      queryKey: ['health', 'clusters'],
      queryFn: ({ signal }) => getJson<LagClustersResponse>(api.lagClusters(), signal),
      ...live,
    }),
  lagCluster: (c: string) =>
    queryOptions({
      queryKey: ['clusters', c, 'health'],
      queryFn: ({ signal }) => getJson<LagCluster>(api.lagCluster(c), signal),
      ...live,
    }),
  inventory: () =>
    queryOptions({
      queryKey: ['health', 'inventory'],
      queryFn: ({ signal }) => getJson<UiInventoryResponse>(api.inventory(), signal),
      ...live,
      refetchInterval: 5_000,
    }),
  cluster: (c: string) =>
    queryOptions({
      queryKey: ['clusters', c, 'inventory'],
      queryFn: ({ signal }) => getJson<UiClusterResponse>(api.uiCluster(c), signal),
      ...fromCluster,
    }),
  groups: (c: string) =>
    queryOptions({
      queryKey: ['clusters', c, 'groups'],
      queryFn: ({ signal }) => getJson<LagGroupsResponse>(api.groups(c, { limit: LIST_LIMIT }), signal),
      retry: retryTransient,
      refetchInterval: (q) => listInterval(q.state.data?.groups.length),
    }),
  group: (c: string, g: string, range: TimeRange) =>
    queryOptions({
      queryKey: ['clusters', c, 'groups', g, { range }],
      queryFn: ({ signal }) =>
        getJson<LagGroupResponse>(api.group(c, g, range, HISTORY_POINTS[range]), signal),
      ...live,
    }),
  groupMembers: (c: string, g: string) =>
    queryOptions({
      queryKey: ['clusters', c, 'groups', g, 'members'],
      queryFn: ({ signal }) => getJson<UiGroupResponse>(api.uiGroup(c, g), signal),
      ...fromCluster,
    }),
  topics: (c: string) =>
    queryOptions({
      queryKey: ['clusters', c, 'topics'],
      queryFn: ({ signal }) => getJson<LagTopicsResponse>(api.topics(c), signal),
      ...live,
    }),
  topic: (c: string, t: string) =>
    queryOptions({
      queryKey: ['clusters', c, 'topics', t],
      queryFn: ({ signal }) => getJson<LagTopicResponse>(api.topic(c, t), signal),
      ...live,
    }),
  topicInfo: (c: string, t: string) =>
    queryOptions({
      queryKey: ['clusters', c, 'topics', t, 'info'],
      queryFn: ({ signal }) => getJson<UiTopicResponse>(api.uiTopic(c, t), signal),
      ...fromCluster,
    }),
  queues: (c: string) =>
    queryOptions({
      queryKey: ['clusters', c, 'queues'],
      queryFn: ({ signal }) => getJson<LagQueuesResponse>(api.queues(c, { limit: LIST_LIMIT }), signal),
      retry: retryTransient,
      refetchInterval: (q) => listInterval(q.state.data?.queues.length),
    }),
  queue: (c: string, vhost: string, q: string, range: TimeRange) =>
    queryOptions({
      queryKey: ['clusters', c, 'queues', vhost, q, { range }],
      queryFn: ({ signal }) =>
        getJson<LagQueueResponse>(api.queue(c, vhost, q, range, HISTORY_POINTS[range]), signal),
      ...live,
    }),
  queueInfo: (c: string, vhost: string, q: string) =>
    queryOptions({
      queryKey: ['clusters', c, 'queues', vhost, q, 'info'],
      queryFn: ({ signal }) => getJson<UiQueueResponse>(api.uiQueue(c, vhost, q), signal),
      ...fromCluster,
    }),
  audit: (cluster?: string) =>
    queryOptions({
      queryKey: ['audit', cluster ?? null],
      queryFn: ({ signal }) => getJson<AuditReport>(api.audit(cluster), signal),
      refetchInterval: POLL.audit,
      staleTime: 60_000,
      retry: retryTransient,
    }),
  alerts: (filter: { cluster?: string; kind?: 'group' | 'queue'; entity?: string } = {}) =>
    queryOptions({
      queryKey: ['alerts', filter],
      queryFn: ({ signal }) => getJson<AlertsResponse>(api.alerts({ ...filter, limit: 1000 }), signal),
      refetchInterval: POLL.cluster,
      retry: retryTransient,
    }),
  demo: () =>
    queryOptions({
      queryKey: ['demo'],
      queryFn: ({ signal }) => getJson<DemoStatus>(api.demo(), signal),
      ...live,
      refetchInterval: 2_000,
    }),
};
