// JSON shapes of the lag API (/api/lag/...). Pure types: safe to import from client components.
// Times are epoch milliseconds, durations seconds, rates per second; unknown values are null.
import type { StatusTransition } from '../alerts/types';
import type {
  ClusterHealth,
  GroupView,
  PartitionView,
  QueueView,
  TopicDetail,
  TopicView,
} from '../lag/sampler/views';
import type { GroupPoint, QueuePoint } from '../store/lag-charts';
import type { PublicCluster } from './types';

export type {
  ClusterHealth,
  GroupPoint,
  GroupView,
  PartitionView,
  QueuePoint,
  QueueView,
  StatusTransition,
  TopicDetail,
  TopicView,
};

/** A configured cluster with its sampling health (credentials never included). */
export interface LagCluster extends ClusterHealth {
  endpoints: PublicCluster['endpoints'];
  security: PublicCluster['security'];
}

/** GET /api/lag — everything the overview needs, from memory. */
export interface LagOverviewResponse {
  generatedAt: number;
  clusters: LagCluster[];
  /** Groups matching the filter, most urgent first (status, then lag in seconds, then lag). */
  groups: GroupView[];
  groupsTotal: number;
  queues: QueueView[];
  queuesTotal: number;
  /** Latest status changes, newest last. */
  transitions: StatusTransition[];
}

/** GET /api/lag/clusters */
export interface LagClustersResponse {
  clusters: LagCluster[];
}

/** GET /api/lag/clusters/:cluster/groups */
export interface LagGroupsResponse {
  cluster: string;
  groups: GroupView[];
  total: number;
}

export interface HistoryRange {
  from: number;
  to: number;
  stepMs: number;
}

/** GET /api/lag/clusters/:cluster/groups/:group */
export interface LagGroupResponse {
  group: GroupView;
  partitions: PartitionView[];
  range: HistoryRange;
  /** Oldest first; null when the process keeps no history. */
  history: GroupPoint[] | null;
}

/** GET /api/lag/clusters/:cluster/topics */
export interface LagTopicsResponse {
  cluster: string;
  topics: TopicView[];
}

/** GET /api/lag/clusters/:cluster/topics/:topic */
export type LagTopicResponse = TopicDetail;

/** GET /api/lag/clusters/:cluster/queues */
export interface LagQueuesResponse {
  cluster: string;
  queues: QueueView[];
  total: number;
}

/** GET /api/lag/clusters/:cluster/queues/:vhost/:queue */
export interface LagQueueResponse {
  queue: QueueView;
  range: HistoryRange;
  history: QueuePoint[] | null;
}
