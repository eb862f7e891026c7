// Rule 2 — REWIND: the committed offset went backwards (offset reset, a consumer re-committing old work
// after a rebalance, auto.offset.reset=earliest after a broker error) and has not yet climbed back to where
// it was. A rewind the consumer has recovered from inside the window is forgiven and the other rules apply.
//
// Spillway differs from Burrow: Burrow looks only at the first rewind in the window, so a later, unrecovered
// rewind hides behind an earlier recovered one. Spillway checks every rewind.
import type { CommitSample } from '../types';

/** Indexes i ≥ 1 at which offset[i] < offset[i − 1], oldest first. */
export function rewindIndexes(commits: readonly CommitSample[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < commits.length; i++) {
    if ((commits[i] as CommitSample).offset < (commits[i - 1] as CommitSample).offset) out.push(i);
  }
  return out;
}

/** Rule 2b: after the rewind at `index`, some commit reached the offset committed just before it. */
export function rewindRecovered(commits: readonly CommitSample[], index: number): boolean {
  const before = commits[index - 1];
  if (before === undefined) return true;
  for (let i = index; i < commits.length; i++) {
    if ((commits[i] as CommitSample).offset >= before.offset) return true;
  }
  return false;
}

/** Index of the first rewind not recovered from, or −1. */
export function unrecoveredRewind(commits: readonly CommitSample[]): number {
  return rewindIndexes(commits).find((i) => !rewindRecovered(commits, i)) ?? -1;
}
