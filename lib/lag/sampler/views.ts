// What the sampler knows now, per cluster: plain data, kept in memory after every round and served by the
// API, the CLI and /metrics without touching the store. Pure types (safe for client components).
// Times are epoch ms; rates per second; unknown is null.
import type { EtaState } from '../eta';
import type { OutRateSource, QueueStatusRule } from '../rabbitmq';
import type { GroupLagJson, PartitionLagJson, QueueLagJson } from '../report';
import type { StatusRule } from '../status';
import type { TimeLagMethod } from '../time-lag';
import type { Status } from '../types';

export type ClusterKind = 'kafka' | 'embedded' | 'rabbitmq';

/**
 * - `pending`: no round finished yet;
 * - `ok`: the last round succeeded within the interval;
 * - `slow`: the last round succeeded but took longer than the interval;
 * - `unreachable`: the last round failed or did not answer within the interval.
 */
export type ClusterState = 'pending' | 'ok' | 'slow' | 'unreachable';

export interface SourceIssueView {
  scope: string;
  message: string;
}

export interface ClusterHealth {
  cluster: string;
  kind: ClusterKind;
  state: ClusterState;
  /** null before the first round. */
  reachable: boolean | null;
  /** Redacted, one line; kept until the next successful round. */
  lastError: string | null;
  lastErrorAt: number | null;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  consecutiveFailures: number;
  /** Duration of the last finished round, ms. */
  lastRoundMs: number | null;
  intervalMs: number;
  /** Successful rounds since start. */
  rounds: number;
  /** Partial failures of the last successful round (a topic or group that could not be read). */
  issues: SourceIssueView[];
  groups: number;
  partitions: number;
  queues: number;
  /** Groups (Kafka) or queues (RabbitMQ) per status. */
  statusCounts: Record<Status, number>;
}

export interface PartitionView extends PartitionLagJson {
  rule: StatusRule;
  /** How lagSeconds was obtained; null when unknown. */
  lagSecondsMethod: TimeLagMethod | null;
  /** When lagSeconds is unknown but a floor is known (producers idle). */
  lagSecondsAtLeast: number | null;
  inRate: number | null;
  outRate: number | null;
  etaSeconds: number | null;
  etaState: EtaState;
  noCommit: boolean;
  /** Records deleted by retention before the group read them (logStart − committed when positive). */
  skippedByRetention: number;
}

export interface GroupView {
  cluster: string;
  group: string;
  state: string | null;
  members: number;
  status: Status;
  /** Burrow's roll-up: STOP, STALL and REWIND become ERR. */
  burrowStatus: 'OK' | 'WARN' | 'ERR';
  /** Share of partitions with a full status window, 0..1. */
  complete: number;
  lag: number | null;
  lagSeconds: number | null;
  etaSeconds: number | null;
  /** `draining` = catching up, `not-draining` = not catching up, `empty` = caught up. */
  etaState: EtaState;
  inRate: number | null;
  outRate: number | null;
  topics: string[];
  partitions: number;
  partitionsWithoutCommit: number;
  /** Committed partitions whose log offsets could not be read (deleted topic, offline partition). */
  partitionsUnknown: number;
  maxLag: { topic: string; partition: number; lag: number } | null;
  statusCounts: Record<Status, number>;
  observedAt: number;
}

export interface GroupDetail {
  group: GroupView;
  /** Sorted by topic, partition. */
  partitions: PartitionView[];
}

export interface QueueView extends QueueLagJson {
  /** Age of the head message, seconds; null when the broker does not report it. */
  lagSeconds: number | null;
  outRateSource: OutRateSource;
  etaState: EtaState;
  rule: QueueStatusRule;
  evaluated: boolean;
  complete: number;
  /** Queue process state ('running', 'idle', 'flow'...). */
  state: string | null;
  durable: boolean;
  observedAt: number;
}

export interface TopicPartitionView {
  partition: number;
  logStart: number | null;
  end: number | null;
  inRate: number | null;
}

export interface TopicView {
  cluster: string;
  topic: string;
  internal: boolean;
  partitions: number;
  /** Σ (end − logStart) over readable partitions; null when none is readable. */
  messages: number | null;
  /** Produce rate, Σ over partitions; null when one is unknown. */
  inRate: number | null;
  /** Groups with a commit on (or an assignment in) the topic. */
  groups: string[];
  observedAt: number | null;
}

export interface TopicDetail extends TopicView {
  partitionList: TopicPartitionView[];
}

/** `spillway lag --json`: exactly these two keys. */
export interface LagReportJson {
  kafka: GroupLagJson[];
  rabbitmq: QueueLagJson[];
}

/** The JSON line of `spillway lag --json` for a group, from its detail. */
export function groupLagJson(d: GroupDetail): GroupLagJson {
  const g = d.group;
  return {
    cluster: g.cluster,
    group: g.group,
    state: g.state,
    status: g.status,
    lag: g.lag,
    lagSeconds: g.lagSeconds,
    etaSeconds: g.etaSeconds,
    partitions: d.partitions.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      committed: p.committed,
      logStart: p.logStart,
      end: p.end,
      lag: p.lag,
      lagSeconds: p.lagSeconds,
      status: p.status,
    })),
  };
}

/** The JSON line of `spillway lag --json` for a queue. */
export function queueLagJson(q: QueueView): QueueLagJson {
  return {
    cluster: q.cluster,
    vhost: q.vhost,
    queue: q.queue,
    type: q.type,
    messages: q.messages,
    ready: q.ready,
    unacked: q.unacked,
    consumers: q.consumers,
    publishRate: q.publishRate,
    ackRate: q.ackRate,
    etaSeconds: q.etaSeconds,
    status: q.status,
  };
}
