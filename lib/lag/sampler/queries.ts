// Reads over the sampler's in-memory state (and, for history, the store). Everything but history is
// served from memory: an overview of 1,000 groups is a filter and a sort, never a query per row.
import { type GroupPoint, groupSeries, type QueuePoint, queueSeries } from '../../store/lag';
import { compareStatus } from '../severity';
import type { Status } from '../types';
import { topicViews } from './kafka-views';
import { queueKey } from './rabbitmq-state';
import type { LagSampler } from './sampler';
import {
  type GroupDetail,
  type GroupView,
  groupLagJson,
  type LagReportJson,
  type QueueView,
  queueLagJson,
  type TopicDetail,
  type TopicView,
} from './views';

export interface LagFilter {
  cluster?: string;
  /** Only these statuses. */
  status?: readonly Status[];
  /** Only entities with a backlog (lag > 0 / messages > 0). */
  behind?: boolean;
  /** Substring of the group id or queue name (case-insensitive). */
  search?: string;
}

/** Most severe first, then the oldest backlog, then the biggest. */
function byUrgency(a: GroupView | QueueView, b: GroupView | QueueView): number {
  const s = compareStatus(b.status, a.status);
  if (s !== 0) return s;
  const sec = (b.lagSeconds ?? -1) - (a.lagSeconds ?? -1);
  if (sec !== 0) return sec;
  const lagOf = (x: GroupView | QueueView) => ('messages' in x ? x.messages : (x.lag ?? -1));
  return lagOf(b) - lagOf(a);
}

function matches(f: LagFilter, status: Status, backlog: number | null, name: string): boolean {
  if (f.status && f.status.length > 0 && !f.status.includes(status)) return false;
  if (f.behind && !(backlog !== null && backlog > 0)) return false;
  if (f.search && !name.toLowerCase().includes(f.search.toLowerCase())) return false;
  return true;
}

export function listGroups(s: LagSampler, f: LagFilter = {}): GroupView[] {
  const out: GroupView[] = [];
  for (const e of s.clusterEntries()) {
    if (!e.kafka || (f.cluster && e.config.name !== f.cluster)) continue;
    for (const d of e.kafka.details.values()) {
      if (matches(f, d.group.status, d.group.lag, d.group.group)) out.push(d.group);
    }
  }
  return out.sort(byUrgency);
}

export function getGroup(s: LagSampler, cluster: string, group: string): GroupDetail | undefined {
  return s.entry(cluster)?.kafka?.details.get(group);
}

export function listQueues(s: LagSampler, f: LagFilter = {}): QueueView[] {
  const out: QueueView[] = [];
  for (const e of s.clusterEntries()) {
    if (!e.rabbitmq || (f.cluster && e.config.name !== f.cluster)) continue;
    for (const q of e.rabbitmq.queues.values()) {
      if (matches(f, q.status, q.messages, `${q.vhost}/${q.queue}`)) out.push(q);
    }
  }
  return out.sort(byUrgency);
}

export function getQueue(
  s: LagSampler,
  cluster: string,
  vhost: string,
  queue: string,
): QueueView | undefined {
  return s.entry(cluster)?.rabbitmq?.queues.get(queueKey(vhost, queue));
}

export function listTopics(s: LagSampler, cluster: string, includeInternal = false): TopicView[] {
  const k = s.entry(cluster)?.kafka;
  if (!k) return [];
  return topicViews(cluster, k.partitions.values(), k.details.values(), false)
    .filter((t) => includeInternal || !t.internal)
    .map(({ partitionList: _omit, ...view }) => view);
}

export function getTopic(s: LagSampler, cluster: string, topic: string): TopicDetail | undefined {
  const k = s.entry(cluster)?.kafka;
  if (!k) return undefined;
  return topicViews(cluster, k.partitions.values(), k.details.values(), true, topic)[0];
}

export interface ReportFilter {
  /** Kafka groups with this id only; when set without `queue`, no queues are listed. */
  group?: string;
  /** RabbitMQ queues with this name (or `vhost/name`) only; when set without `group`, no groups. */
  queue?: string;
}

/** The groups and queues of the report, clusters in config order, each sorted by name. */
export function reportViews(
  s: LagSampler,
  f: ReportFilter = {},
): { groups: GroupDetail[]; queues: QueueView[] } {
  const groups: GroupDetail[] = [];
  const queues: QueueView[] = [];
  const wantGroups = f.group !== undefined || f.queue === undefined;
  const wantQueues = f.queue !== undefined || f.group === undefined;
  for (const e of s.clusterEntries()) {
    if (e.kafka && wantGroups) {
      for (const id of [...e.kafka.details.keys()].sort()) {
        if (f.group !== undefined && id !== f.group) continue;
        groups.push(e.kafka.details.get(id) as GroupDetail);
      }
    }
    if (e.rabbitmq && wantQueues) {
      const sorted = [...e.rabbitmq.queues.values()].sort((a, b) =>
        a.vhost === b.vhost ? (a.queue < b.queue ? -1 : 1) : a.vhost < b.vhost ? -1 : 1,
      );
      for (const q of sorted) {
        if (f.queue !== undefined && q.queue !== f.queue && `${q.vhost}/${q.queue}` !== f.queue) continue;
        queues.push(q);
      }
    }
  }
  return { groups, queues };
}

/** The `spillway lag --json` document. */
export function lagReport(s: LagSampler, f: ReportFilter = {}): LagReportJson {
  const { groups, queues } = reportViews(s, f);
  return { kafka: groups.map(groupLagJson), rabbitmq: queues.map(queueLagJson) };
}

export interface HistoryRequest {
  from: number;
  to: number;
  stepMs: number;
}

/** A group's history from the store; null without a store or when the group was never recorded. */
export function groupHistory(
  s: LagSampler,
  cluster: string,
  group: string,
  r: HistoryRequest,
): GroupPoint[] | null {
  const store = s.store;
  const id = store?.lag.series.find(groupSeries(cluster, group));
  if (!store || id === undefined) return null;
  return store.lag.charts.groupHistory(id, { ...r, rawFrom: Date.now() - s.settings.rawRetentionMs });
}

export function queueHistory(
  s: LagSampler,
  cluster: string,
  vhost: string,
  queue: string,
  r: HistoryRequest,
): QueuePoint[] | null {
  const store = s.store;
  const id = store?.lag.series.find(queueSeries(cluster, vhost, queue));
  if (!store || id === undefined) return null;
  return store.lag.charts.queueHistory(id, { ...r, rawFrom: Date.now() - s.settings.rawRetentionMs });
}
