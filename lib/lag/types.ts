// Shared types of the lag maths. Pure data: no I/O, safe to import anywhere (including client components).
//
// Units everywhere in lib/lag: times are epoch milliseconds (`t`, `now`), durations in the JSON-facing
// results are seconds, rates are per second. Offsets are JS numbers (exact up to 2^53, far beyond any real log).
// Unknown values are `null`, never NaN or Infinity.

/** Status of a partition, a queue or a group, Burrow's vocabulary. */
export type Status = 'OK' | 'WARN' | 'ERR' | 'STOP' | 'STALL' | 'REWIND';

/**
 * Severity order, least to most severe, as Burrow numbers its status constants
 * (OK 1, WARN 2, ERR 3, STOP 4, STALL 5, REWIND 6; its NOTFOUND 0 is not a status here).
 */
export const STATUS_SEVERITY: Readonly<Record<Status, number>> = Object.freeze({
  OK: 0,
  WARN: 1,
  ERR: 2,
  STOP: 3,
  STALL: 4,
  REWIND: 5,
});

/** Every status, least severe first. */
export const STATUSES: readonly Status[] = Object.freeze(['OK', 'WARN', 'ERR', 'STOP', 'STALL', 'REWIND']);

/** One Kafka partition as seen by one consumer group at one instant. */
export interface PartitionOffsets {
  topic: string;
  partition: number;
  /** The group's committed offset (next record to consume); `null` (or any negative value) = no commit. */
  committed: number | null;
  /** First offset still in the log (retention moves it forward). */
  logStart: number;
  /** High watermark (or last stable offset for read_committed consumers): one past the last readable record. */
  end: number;
}

/** A point of a cumulative series: an HWM, a committed offset, a RabbitMQ publish/ack counter. */
export interface CounterSample {
  /** Observation time, epoch ms. */
  t: number;
  value: number;
}

/** One offset commit of a group on a partition, as kept in the status window (Burrow's ConsumerOffset). */
export interface CommitSample {
  /** Commit time, epoch ms (or the time the sampler first saw this offset; see README "Feeding the window"). */
  t: number;
  /** The committed offset. */
  offset: number;
  /** Lag when the commit was observed (HWM − offset, ≥ 0); `null` when the HWM was not known then. */
  lag: number | null;
}

/** Tunables of the status rules. Defaults in DEFAULT_STATUS_CONFIG; Burrow's own in BURROW_STATUS_CONFIG. */
export interface StatusConfig {
  /** Commits kept per partition (Burrow `storage.intervals`). */
  windowSize: number;
  /** Lag (messages) at or below which a partition counts as caught up (Burrow `evaluator.allowed-lag`). */
  allowedLag: number;
  /** Commits closer than this to the previous one replace it instead of taking a slot (Burrow `min-distance`, in ms here). */
  minDistanceMs: number;
  /** Fraction 0..1 of the window that must be filled before rules are applied (Burrow `minimum-complete`). */
  minCompleteness: number;
  /**
   * Spillway addition: a floor for the STOP rule's "silence longer than the window span" test, so that a
   * window with one commit (span 0) or a burst of commits is not declared stopped a moment later. 0 = Burrow.
   */
  minStopMs: number;
}

/** Spillway's defaults: Burrow's window, with the guards that keep young or sparse windows from false alarms. */
export const DEFAULT_STATUS_CONFIG: Readonly<StatusConfig> = Object.freeze({
  windowSize: 10,
  allowedLag: 0,
  minDistanceMs: 1_000,
  minCompleteness: 0,
  minStopMs: 60_000,
});

/** Burrow's code defaults (intervals 10, allowed-lag 0, min-distance 0, minimum-complete 0), no STOP floor. */
export const BURROW_STATUS_CONFIG: Readonly<StatusConfig> = Object.freeze({
  windowSize: 10,
  allowedLag: 0,
  minDistanceMs: 0,
  minCompleteness: 0,
  minStopMs: 0,
});
