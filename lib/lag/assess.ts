// One call per partition and per group that puts the pieces together: offset lag, time lag, rates, time to
// drain and status. This is what the sampler and the API call; the pieces stay usable on their own.
import { drainEta, type Eta, slowestEta } from './eta';
import { type GroupLag, groupLag, type NoCommitPolicy, type PartitionLag, partitionLag } from './offsets';
import { DEFAULT_RATE_WINDOW_MS, type Rate, sumRates, windowedRate } from './rates';
import {
  evaluateGroupStatus,
  evaluatePartitionStatus,
  type GroupStatus,
  type PartitionStatus,
} from './status';
import { type TimeLag, timeLag } from './time-lag';
import {
  type CommitSample,
  type CounterSample,
  DEFAULT_STATUS_CONFIG,
  type PartitionOffsets,
  type StatusConfig,
} from './types';

/** Everything known about one (group, partition) at time `now`. Histories are oldest first. */
export interface PartitionObservation {
  offsets: PartitionOffsets;
  /** Time `offsets` were observed, epoch ms. */
  now: number;
  /** The status window (see recordCommit). */
  commits: readonly CommitSample[];
  /** Recorded (t, HWM) samples. The current observation is added if missing. */
  hwmHistory: readonly CounterSample[];
  /** Recorded (t, committed offset) samples. The current observation is added if missing. */
  committedHistory: readonly CounterSample[];
  /** Broker end offsets of the last polls, for Rule 3b; default: the last windowSize HWM samples. */
  recentEnds?: readonly number[];
  /** Timestamp of the record at the consume position, when fetched (exact time lag). */
  committedRecordTimestamp?: number | null;
}

export interface AssessOptions {
  status: StatusConfig;
  /** Trailing window for in/out rates, ms. */
  rateWindowMs: number;
  noCommitPolicy: NoCommitPolicy;
}

export const DEFAULT_ASSESS_OPTIONS: Readonly<AssessOptions> = Object.freeze({
  status: DEFAULT_STATUS_CONFIG,
  rateWindowMs: DEFAULT_RATE_WINDOW_MS,
  noCommitPolicy: 'unknown',
});

export interface PartitionAssessment {
  lag: PartitionLag;
  timeLag: TimeLag;
  /** Produce rate (HWM growth), per second. */
  inRate: Rate;
  /** Consume rate (committed offset growth), per second. */
  outRate: Rate;
  eta: Eta;
  status: PartitionStatus;
}

function withCurrent(history: readonly CounterSample[], now: number, value: number | null): CounterSample[] {
  const last = history.at(-1);
  if (value === null || (last !== undefined && last.t >= now)) return [...history];
  return [...history, { t: now, value }];
}

/** Assess one partition of one group. */
export function assessPartition(
  obs: PartitionObservation,
  options: AssessOptions = DEFAULT_ASSESS_OPTIONS,
): PartitionAssessment {
  const { offsets, now } = obs;
  const lag = partitionLag(offsets, options.noCommitPolicy);
  // A lag assumed by policy is for display only: rules and ETA work from real commits.
  const realLag = lag.assumed ? null : lag.lag;
  const hwm = withCurrent(obs.hwmHistory, now, offsets.end);
  const committed = withCurrent(obs.committedHistory, now, lag.committed);
  const rateWindow = { now, windowMs: options.rateWindowMs };
  const inRate = windowedRate(hwm, rateWindow);
  const outRate = windowedRate(committed, rateWindow);
  const recentEnds = obs.recentEnds ?? hwm.slice(-options.status.windowSize).map((s) => s.value);
  return {
    lag,
    timeLag: timeLag({
      committed: lag.committed,
      logStart: offsets.logStart,
      end: offsets.end,
      now,
      committedRecordTimestamp: obs.committedRecordTimestamp ?? null,
      hwmHistory: obs.hwmHistory,
    }),
    inRate,
    outRate,
    eta: drainEta({ backlog: realLag, inRate: inRate.perSecond, outRate: outRate.perSecond }),
    status: evaluatePartitionStatus(
      { commits: obs.commits, currentLag: realLag, recentEnds, now },
      options.status,
    ),
  };
}

export interface GroupAssessment {
  lag: GroupLag;
  status: GroupStatus;
  /** The slowest partition's ETA (see slowestEta). */
  eta: Eta;
  /** Age of the oldest unconsumed record over all partitions (max of known time lags); null if none known. */
  lagSeconds: number | null;
  /** Sums over partitions; null when one partition's rate is unknown. */
  inRate: number | null;
  outRate: number | null;
}

/** Assess a group from its assessed partitions. */
export function assessGroup(partitions: readonly PartitionAssessment[]): GroupAssessment {
  let lagSeconds: number | null = null;
  for (const p of partitions) {
    const s = p.timeLag.seconds;
    if (s !== null && (lagSeconds === null || s > lagSeconds)) lagSeconds = s;
  }
  return {
    lag: groupLag(partitions.map((p) => p.lag)),
    status: evaluateGroupStatus(partitions.map((p) => p.status)),
    eta: slowestEta(partitions.map((p) => p.eta)),
    lagSeconds,
    inRate: sumRates(partitions.map((p) => p.inRate.perSecond)),
    outRate: sumRates(partitions.map((p) => p.outRate.perSecond)),
  };
}
