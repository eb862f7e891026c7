// RabbitMQ queues in the normalized model: backlog = ready + unacked, in = publish rate, out = ack rate
// for manual-ack consumers or deliver_get rate otherwise, time to drain, and a status (rules/queue.ts).
import { drainEta, type Eta } from './eta';
import {
  type QueueSample,
  queueBacklogNotDecreasing,
  queueBacklogWithinAllowance,
  queueEverWithinAllowance,
  queueHasNoConsumers,
  queueStalled,
} from './rules/queue';
import { DEFAULT_STATUS_CONFIG, type Status, type StatusConfig } from './types';

export type { QueueSample } from './rules/queue';

/** What the management API says about one queue (rates per second, as `*_details.rate`). */
export interface QueueSnapshot {
  vhost: string;
  queue: string;
  /** 'classic' | 'quorum' | 'stream' (other values are passed through). */
  type: string;
  ready: number;
  unacked: number;
  consumers: number;
  /** Whether the queue's consumers use manual acks (consumer `ack_required`); null when not known. */
  manualAck: boolean | null;
  publishRate: number | null;
  ackRate: number | null;
  deliverGetRate: number | null;
  /** Timestamp (epoch ms) of the message at the head of the queue, when known. */
  headMessageTimestamp?: number | null;
}

export type OutRateSource = 'ack' | 'deliver_get';

export interface QueueBacklog {
  vhost: string;
  queue: string;
  type: string;
  ready: number;
  unacked: number;
  consumers: number;
  /** ready + unacked. */
  messages: number;
  inRate: number | null;
  outRate: number | null;
  outRateSource: OutRateSource;
  /** Age of the head message, seconds, ≥ 0; null when unknown. */
  lagSeconds: number | null;
}

const count = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);
const rate = (r: number | null): number | null => (r === null || !Number.isFinite(r) ? null : Math.max(0, r));

/**
 * Where messages leave the queue: on ack when consumers ack manually, on delivery otherwise. When the ack
 * mode is unknown: any unacked message or ack activity means manual acks (auto-ack deliveries are never
 * unacked); otherwise deliver_get.
 */
export function outRateSource(s: Pick<QueueSnapshot, 'manualAck' | 'unacked' | 'ackRate'>): OutRateSource {
  if (s.manualAck !== null) return s.manualAck ? 'ack' : 'deliver_get';
  return count(s.unacked) > 0 || (rate(s.ackRate) ?? 0) > 0 ? 'ack' : 'deliver_get';
}

/** Normalise a queue snapshot taken at `now` (epoch ms). Negative or non-finite counts become 0. */
export function normaliseQueue(s: QueueSnapshot, now: number): QueueBacklog {
  const ready = count(s.ready);
  const unacked = count(s.unacked);
  const source = outRateSource(s);
  const head = s.headMessageTimestamp;
  return {
    vhost: s.vhost,
    queue: s.queue,
    type: s.type,
    ready,
    unacked,
    consumers: count(s.consumers),
    messages: ready + unacked,
    inRate: rate(s.publishRate),
    outRate: rate(source === 'ack' ? s.ackRate : s.deliverGetRate),
    outRateSource: source,
    lagSeconds:
      head === undefined || head === null || !Number.isFinite(head) ? null : Math.max(0, now - head) / 1000,
  };
}

/** A stream is a log, not a queue: reading does not remove messages, so backlog rules and ETA do not apply. */
export function isStream(b: Pick<QueueBacklog, 'type'>): boolean {
  return b.type === 'stream';
}

/** Time to drain a queue. Streams: unknown. */
export function queueEta(b: QueueBacklog): Eta {
  if (isStream(b)) return { seconds: null, state: 'unknown', netRatePerSecond: null };
  return drainEta({ backlog: b.messages, inRate: b.inRate, outRate: b.outRate });
}

export type QueueStatusRule =
  | 'stream-not-evaluated'
  | 'incomplete-window'
  | 'backlog-within-allowance'
  | 'no-consumers'
  | 'backlog-ever-within-allowance'
  | 'stalled'
  | 'backlog-not-decreasing'
  | 'draining';

export interface QueueStatus {
  status: Status;
  rule: QueueStatusRule;
  evaluated: boolean;
  /** Window fill, 0..1. */
  complete: number;
}

/**
 * Status of a queue from its current backlog and its window of samples (oldest first, the current one
 * included). `config.allowedLag` is the allowed backlog in messages.
 */
export function evaluateQueueStatus(
  backlog: QueueBacklog,
  samples: readonly QueueSample[],
  config: StatusConfig = DEFAULT_STATUS_CONFIG,
): QueueStatus {
  const complete = Math.min(1, samples.length / Math.max(1, Math.floor(config.windowSize)));
  const result = (status: Status, rule: QueueStatusRule, evaluated = true): QueueStatus => ({
    status,
    rule,
    evaluated,
    complete,
  });
  if (isStream(backlog)) return result('OK', 'stream-not-evaluated', false);
  if (queueBacklogWithinAllowance(backlog.messages, config.allowedLag))
    return result('OK', 'backlog-within-allowance');
  if (queueHasNoConsumers(backlog.consumers)) return result('STOP', 'no-consumers');
  if (complete < config.minCompleteness) return result('OK', 'incomplete-window', false);
  if (queueEverWithinAllowance(samples, config.allowedLag))
    return result('OK', 'backlog-ever-within-allowance');
  if (queueStalled(backlog.outRate)) return result('STALL', 'stalled');
  if (queueBacklogNotDecreasing(samples)) return result('WARN', 'backlog-not-decreasing');
  return result('OK', 'draining');
}

/** The sample to keep in a queue's status window for a normalised observation at time `t`. */
export function queueSample(b: QueueBacklog, t: number): QueueSample {
  return { t, messages: b.messages, consumers: b.consumers };
}

export interface QueueAssessment {
  backlog: QueueBacklog;
  eta: Eta;
  status: QueueStatus;
}

/**
 * Assess a queue observed at `now`: normalise, ETA, status. `window` holds the earlier samples (oldest
 * first); the current observation is appended to it for the rules.
 */
export function assessQueue(
  snapshot: QueueSnapshot,
  window: readonly QueueSample[],
  now: number,
  config: StatusConfig = DEFAULT_STATUS_CONFIG,
): QueueAssessment {
  const backlog = normaliseQueue(snapshot, now);
  const earlier = window.filter((s) => s.t < now);
  const samples = [...earlier, queueSample(backlog, now)].slice(-Math.max(1, Math.floor(config.windowSize)));
  return { backlog, eta: queueEta(backlog), status: evaluateQueueStatus(backlog, samples, config) };
}
