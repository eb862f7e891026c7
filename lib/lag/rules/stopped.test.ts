import { describe, expect, it } from 'vitest';
import { commits } from '../test-util/commits';
import { commitsStopped, recentlyCaughtUp } from './stopped';

const minute = 60_000;
// Commits every minute from t=0 to t=4 min: span 4 min.
const w = commits([0, 1, 2, 3, 4].map((m) => [1000 * (m + 1), m * 60, 10]));

describe('Rule 3 commitsStopped', () => {
  it('silence shorter than the span is not a stop', () => {
    expect(commitsStopped(w, 7 * minute, 0)).toBe(false);
  });
  it('silence equal to the span is not a stop (strictly greater is required)', () => {
    expect(commitsStopped(w, 8 * minute, 0)).toBe(false);
  });
  it('silence longer than the span is a stop', () => {
    expect(commitsStopped(w, 8 * minute + 1, 0)).toBe(true);
  });
  it('minStopMs raises the threshold above a short span', () => {
    expect(commitsStopped(w, 8 * minute + 1, 10 * minute)).toBe(false);
    expect(commitsStopped(w, 14 * minute + 1, 10 * minute)).toBe(true);
  });
  it("single sample: Burrow's rule (minStopMs 0) calls it stopped a moment after the commit", () => {
    const one = commits([[500, 100, 20]]);
    expect(commitsStopped(one, 100_001, 0)).toBe(true);
  });
  it('single sample: with the Spillway floor it is stopped only after minStopMs of silence', () => {
    const one = commits([[500, 100, 20]]);
    expect(commitsStopped(one, 100_000 + minute, minute)).toBe(false);
    expect(commitsStopped(one, 100_001 + minute, minute)).toBe(true);
  });
  it('empty window: never stopped', () => {
    expect(commitsStopped([], 10 * minute, 0)).toBe(false);
  });
});

describe('Rule 3b recentlyCaughtUp (slow topics)', () => {
  const last = commits([
    [40, 1, 0],
    [50, 2, 0],
  ]);
  it('a recent broker end at the last commit means the consumer was caught up', () => {
    expect(recentlyCaughtUp(last, [51, 50, 50])).toBe(true);
  });
  it('recent ends all beyond the last commit: not caught up', () => {
    expect(recentlyCaughtUp(last, [60, 55, 51])).toBe(false);
  });
  it('no recent ends or no commits: not caught up', () => {
    expect(recentlyCaughtUp(last, [])).toBe(false);
    expect(recentlyCaughtUp([], [0])).toBe(false);
  });
});
