// Partition and group status over a window of commits, following Burrow's evaluator (see rules/*.ts for
// each rule and README.md for where Spillway deliberately differs).
//
// Evaluation order for one partition (first match wins):
//   no commit / empty window / window below minCompleteness  → OK, not evaluated
//   Rule 0  current lag ≤ allowedLag                         → OK
//   Rule 3  silent longer than the window span (and minStopMs), unless Rule 3b (recently caught up) → STOP
//   Rule 2  a rewind not recovered from                       → REWIND
//   Rule 1  lag ≤ allowedLag at some commit in the window     → OK
//   Rule 4  offsets never move                                → STALL
//   Rule 5  lag never decreases                               → WARN
//   otherwise                                                 → OK
import { currentLagWithinAllowance } from './rules/current-lag';
import { lagEverWithinAllowance } from './rules/lag-ever-within-allowance';
import { lagNotDecreasing } from './rules/lag-not-decreasing';
import { unrecoveredRewind } from './rules/rewind';
import { offsetsStalled } from './rules/stalled';
import { commitsStopped, recentlyCaughtUp } from './rules/stopped';
import { burrowGroupStatus, worstStatus } from './severity';
import { type CommitSample, DEFAULT_STATUS_CONFIG, STATUSES, type Status, type StatusConfig } from './types';
import { windowCompleteness } from './window';

/** Which check decided a partition's status. */
export type StatusRule =
  | 'no-commit'
  | 'empty-window'
  | 'incomplete-window'
  | 'current-lag-within-allowance'
  | 'stopped'
  | 'rewind'
  | 'lag-ever-within-allowance'
  | 'stalled'
  | 'lag-not-decreasing'
  | 'progressing';

export interface PartitionStatus {
  status: Status;
  rule: StatusRule;
  /** False when there was too little data to apply the rules (status is then OK by default). */
  evaluated: boolean;
  /** Window fill, 0..1 (Burrow's `complete`). */
  complete: number;
  /** Oldest and newest commit in the window. */
  start: CommitSample | null;
  end: CommitSample | null;
}

export interface PartitionStatusInput {
  /** The partition's commit window, oldest first (see recordCommit). */
  commits: readonly CommitSample[];
  /** Lag now (HWM − committed); null when the group has no commit. */
  currentLag: number | null;
  /** Broker end offsets from the last few polls (Burrow's broker offset ring), for Rule 3b. */
  recentEnds?: readonly number[];
  /** Time `currentLag` was observed, epoch ms. */
  now: number;
}

/** Status of one partition. */
export function evaluatePartitionStatus(
  input: PartitionStatusInput,
  config: StatusConfig = DEFAULT_STATUS_CONFIG,
): PartitionStatus {
  const { commits, currentLag, now } = input;
  const complete = windowCompleteness(commits, config.windowSize);
  const start = commits[0] ?? null;
  const end = commits.at(-1) ?? null;
  const result = (status: Status, rule: StatusRule, evaluated = true): PartitionStatus => ({
    status,
    rule,
    evaluated,
    complete,
    start,
    end,
  });

  if (currentLag === null) return result('OK', 'no-commit', false);
  if (commits.length === 0) return result('OK', 'empty-window', false);
  if (complete < config.minCompleteness) return result('OK', 'incomplete-window', false);
  if (currentLagWithinAllowance(currentLag, config.allowedLag))
    return result('OK', 'current-lag-within-allowance');
  if (commitsStopped(commits, now, config.minStopMs) && !recentlyCaughtUp(commits, input.recentEnds ?? [])) {
    return result('STOP', 'stopped');
  }
  if (unrecoveredRewind(commits) > 0) return result('REWIND', 'rewind');
  if (lagEverWithinAllowance(commits, config.allowedLag)) return result('OK', 'lag-ever-within-allowance');
  if (offsetsStalled(commits)) return result('STALL', 'stalled');
  if (lagNotDecreasing(commits)) return result('WARN', 'lag-not-decreasing');
  return result('OK', 'progressing');
}

export interface GroupStatus {
  /** Worst partition status (Spillway keeps STOP/STALL/REWIND at group level). OK for no partitions. */
  status: Status;
  /** Burrow's group status: STOP, STALL and REWIND collapse to ERR. */
  burrowStatus: 'OK' | 'WARN' | 'ERR';
  /** Fraction of partitions whose window is complete (Burrow's group `complete`); 0 for no partitions. */
  complete: number;
  /** Partitions per status. */
  counts: Record<Status, number>;
  partitions: number;
}

/** Status of a group from its partitions' statuses: the worst one. */
export function evaluateGroupStatus(
  partitions: readonly Pick<PartitionStatus, 'status' | 'complete'>[],
): GroupStatus {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  let completeCount = 0;
  for (const p of partitions) {
    counts[p.status]++;
    if (p.complete >= 1) completeCount++;
  }
  const statuses = partitions.map((p) => p.status);
  return {
    status: worstStatus(statuses),
    burrowStatus: burrowGroupStatus(statuses),
    complete: partitions.length === 0 ? 0 : completeCount / partitions.length,
    counts,
    partitions: partitions.length,
  };
}
