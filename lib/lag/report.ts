// The JSON shapes of `spillway lag --json` and of the lag API, built from assessments. Unknown = null.
// Seconds and rates are rounded to milliseconds / thousandths; counts are exact.
import type { GroupAssessment, PartitionAssessment } from './assess';
import type { Eta } from './eta';
import type { QueueBacklog, QueueStatus } from './rabbitmq';
import type { Status } from './types';

export interface PartitionLagJson {
  topic: string;
  partition: number;
  committed: number | null;
  logStart: number;
  end: number;
  lag: number | null;
  lagSeconds: number | null;
  status: Status;
}

export interface GroupLagJson {
  cluster: string;
  group: string;
  /** Group state from the coordinator (Stable, Empty, …), as the source reports it; null when unknown. */
  state: string | null;
  status: Status;
  lag: number | null;
  lagSeconds: number | null;
  etaSeconds: number | null;
  partitions: PartitionLagJson[];
}

export interface QueueLagJson {
  cluster: string;
  vhost: string;
  queue: string;
  type: string;
  messages: number;
  ready: number;
  unacked: number;
  consumers: number;
  publishRate: number | null;
  /** Rate messages leave the queue: acks for manual-ack consumers, deliver_get for auto-ack ones. */
  ackRate: number | null;
  etaSeconds: number | null;
  status: Status;
}

/** Round to 3 decimals; null stays null. */
export function round3(n: number | null): number | null {
  return n === null ? null : Math.round(n * 1000) / 1000;
}

export function toPartitionLagJson(a: PartitionAssessment): PartitionLagJson {
  return {
    topic: a.lag.topic,
    partition: a.lag.partition,
    committed: a.lag.committed,
    logStart: a.lag.logStart,
    end: a.lag.end,
    lag: a.lag.lag,
    lagSeconds: round3(a.timeLag.seconds),
    status: a.status.status,
  };
}

export interface GroupMeta {
  cluster: string;
  group: string;
  state: string | null;
}

/** The group line of `spillway lag --json`; partitions in the order given. */
export function toGroupLagJson(
  meta: GroupMeta,
  partitions: readonly PartitionAssessment[],
  group: GroupAssessment,
): GroupLagJson {
  return {
    cluster: meta.cluster,
    group: meta.group,
    state: meta.state,
    status: group.status.status,
    lag: group.lag.lag,
    lagSeconds: round3(group.lagSeconds),
    etaSeconds: round3(group.eta.seconds),
    partitions: partitions.map(toPartitionLagJson),
  };
}

/** The queue line of `spillway lag --json` for RabbitMQ. */
export function toQueueLagJson(
  cluster: string,
  backlog: QueueBacklog,
  eta: Eta,
  status: QueueStatus,
): QueueLagJson {
  return {
    cluster,
    vhost: backlog.vhost,
    queue: backlog.queue,
    type: backlog.type,
    messages: backlog.messages,
    ready: backlog.ready,
    unacked: backlog.unacked,
    consumers: backlog.consumers,
    publishRate: round3(backlog.inRate),
    ackRate: round3(backlog.outRate),
    etaSeconds: round3(eta.seconds),
    status: status.status,
  };
}
