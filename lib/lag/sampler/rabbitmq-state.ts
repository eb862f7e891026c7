// A RabbitMQ cluster between rounds: each queue's status window and latest assessment.
import type { StatusTransition } from '../../alerts/types';
import type { RabbitmqQueueInfo, RabbitmqSnapshot } from '../../sources/types';
import { assessQueue, type QueueSample, type QueueSnapshot, queueSample } from '../rabbitmq';
import { round3, toQueueLagJson } from '../report';
import type { Status } from '../types';
import type { SamplerSettings } from './options';
import type { QueueView } from './views';

export interface RabbitmqRestore {
  /** The last recorded samples of a queue, oldest first. */
  queueWindow(vhost: string, queue: string): QueueSample[];
  queueStatus(vhost: string, queue: string): Status | null;
}

export interface RabbitmqRoundRecord {
  t: number;
  queues: QueueView[];
}

export const queueKey = (vhost: string, queue: string): string => `${vhost}\u0000${queue}`;

function toSnapshot(q: RabbitmqQueueInfo): QueueSnapshot | null {
  if (q.ready === null || q.unacked === null || q.consumers === null) return null;
  return {
    vhost: q.vhost,
    queue: q.name,
    type: q.type,
    ready: q.ready,
    unacked: q.unacked,
    consumers: q.consumers,
    manualAck: q.manualAck,
    publishRate: q.publishRate,
    ackRate: q.ackRate,
    deliverGetRate: q.deliverGetRate,
    headMessageTimestamp: q.headMessageTimestamp,
  };
}

export class RabbitmqClusterState {
  readonly queues = new Map<string, QueueView>();
  private readonly windows = new Map<string, QueueSample[]>();
  private readonly statuses = new Map<string, Status>();
  /** When consumers attached to a queue that had none (see SAMPLER_DEFAULTS.rabbitmqRateGraceMs). */
  private readonly attachedAt = new Map<string, number>();
  observedAt: number | null = null;

  constructor(
    readonly cluster: string,
    private readonly settings: SamplerSettings,
    private readonly restore?: RabbitmqRestore,
  ) {}

  /**
   * Assesses every queue of a snapshot. Queues the broker has no statistics for yet (just declared) are
   * left out until it has.
   */
  ingest(snapshot: RabbitmqSnapshot): { transitions: StatusTransition[]; record: RabbitmqRoundRecord } {
    const t = snapshot.takenAt;
    const transitions: StatusTransition[] = [];
    const record: RabbitmqRoundRecord = { t, queues: [] };
    const seen = new Set<string>();
    const size = Math.max(1, this.settings.status.windowSize);
    for (const info of snapshot.queues) {
      const snap = toSnapshot(info);
      if (!snap) continue;
      const key = queueKey(info.vhost, info.name);
      seen.add(key);
      let window = this.windows.get(key);
      if (!window) window = this.restore?.queueWindow(info.vhost, info.name) ?? [];
      const a = assessQueue(this.withFreshRates(key, snap, window, t), window, t, this.settings.status);
      window = [...window.filter((s) => s.t < t), queueSample(a.backlog, t)].slice(-size);
      this.windows.set(key, window);
      const view: QueueView = {
        ...toQueueLagJson(this.cluster, a.backlog, a.eta, a.status),
        lagSeconds: round3(a.backlog.lagSeconds),
        outRateSource: a.backlog.outRateSource,
        etaState: a.eta.state,
        rule: a.status.rule,
        evaluated: a.status.evaluated,
        complete: round3(a.status.complete) ?? 0,
        state: info.state,
        durable: info.durable,
        observedAt: t,
      };
      this.queues.set(key, view);
      record.queues.push(view);
      const entity = `${info.vhost}/${info.name}`;
      const previous = this.statuses.has(key)
        ? (this.statuses.get(key) as Status)
        : (this.restore?.queueStatus(info.vhost, info.name) ?? null);
      if (previous !== view.status) {
        transitions.push({
          cluster: this.cluster,
          kind: 'queue',
          entity,
          from: previous,
          to: view.status,
          at: t,
          lag: view.messages,
          lagSeconds: view.lagSeconds,
        });
      }
      this.statuses.set(key, view.status);
    }
    for (const key of [...this.queues.keys()]) {
      if (seen.has(key)) continue;
      this.attachedAt.delete(key);
      this.queues.delete(key);
      this.windows.delete(key);
      this.statuses.delete(key);
    }
    this.observedAt = t;
    return { transitions, record };
  }

  /**
   * The snapshot with its out-rates hidden while they predate the queue's consumers: right after
   * consumers attach to a queue that had none, the management API still reports the old (zero) rates,
   * which would read as "consumers attached, nothing leaves" (STALL).
   */
  private withFreshRates(
    key: string,
    snap: QueueSnapshot,
    window: readonly QueueSample[],
    t: number,
  ): QueueSnapshot {
    if (snap.consumers <= 0) {
      this.attachedAt.delete(key);
      return snap;
    }
    if (window.at(-1)?.consumers === 0) this.attachedAt.set(key, t);
    const since = this.attachedAt.get(key);
    if (since === undefined) return snap;
    if (t - since >= this.settings.rabbitmqRateGraceMs) {
      this.attachedAt.delete(key);
      return snap;
    }
    return { ...snap, ackRate: null, deliverGetRate: null };
  }
}
