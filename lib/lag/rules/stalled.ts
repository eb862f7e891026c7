// Rule 4 — STALL: the consumer keeps committing, but always the same offset, while it has lag (Rule 0 and
// Rule 1 already ruled out "caught up"). Typically a poison message being retried, or a consumer stuck in
// processing that commits on a timer.
//
// Spillway differs from Burrow: it needs at least two commits. With one commit, "never moved" is vacuously
// true in Burrow; a single sample is no evidence of a stall.
import type { CommitSample } from '../types';

/** True when there are ≥ 2 commits and all have the same offset. */
export function offsetsStalled(commits: readonly CommitSample[]): boolean {
  const first = commits[0];
  if (first === undefined || commits.length < 2) return false;
  return commits.every((c) => c.offset === first.offset);
}
