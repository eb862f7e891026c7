import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_CONFIG } from './types';
import { commitLag, recordCommit, windowCompleteness } from './window';

const config = { windowSize: 3, minDistanceMs: 1_000 };

describe('recordCommit', () => {
  it('appends commits and keeps the newest windowSize', () => {
    let w = recordCommit([], { t: 0, offset: 1, lag: 5 }, config);
    for (let i = 1; i <= 4; i++) w = recordCommit(w, { t: i * 10_000, offset: i + 1, lag: 5 }, config);
    expect(w.map((c) => c.offset)).toEqual([3, 4, 5]);
  });
  it('a commit within min-distance replaces the newest one, keeping its time', () => {
    const w = recordCommit([{ t: 10_000, offset: 1, lag: 5 }], { t: 10_400, offset: 2, lag: 4 }, config);
    expect(w).toEqual([{ t: 10_000, offset: 2, lag: 4 }]);
  });
  it('a consumer committing faster than min-distance still opens a new slot once it has passed', () => {
    let w = recordCommit([], { t: 0, offset: 0, lag: 0 }, config);
    for (let t = 300; t <= 3_000; t += 300) w = recordCommit(w, { t, offset: t, lag: 0 }, config);
    expect(w.length).toBeGreaterThan(1);
    expect(w.map((c) => c.t)).toEqual([0, 1_200, 2_400]);
  });
  it('a commit older than the newest is dropped', () => {
    const w = recordCommit([{ t: 10_000, offset: 5, lag: 0 }], { t: 5_000, offset: 4, lag: 0 }, config);
    expect(w).toEqual([{ t: 10_000, offset: 5, lag: 0 }]);
  });
  it('does not mutate its input', () => {
    const before = [{ t: 0, offset: 1, lag: 0 }];
    recordCommit(before, { t: 5_000, offset: 2, lag: 0 }, config);
    expect(before).toEqual([{ t: 0, offset: 1, lag: 0 }]);
  });
  it('ignores non-finite input', () => {
    expect(recordCommit([], { t: Number.NaN, offset: 1, lag: 0 }, DEFAULT_STATUS_CONFIG)).toEqual([]);
  });
});

describe('windowCompleteness', () => {
  it('is the filled share of the window, at most 1', () => {
    expect(windowCompleteness([], 10)).toBe(0);
    expect(windowCompleteness([{ t: 0, offset: 0, lag: 0 }], 4)).toBe(0.25);
    expect(
      windowCompleteness(
        Array.from({ length: 12 }, (_, i) => ({ t: i, offset: i, lag: 0 })),
        10,
      ),
    ).toBe(1);
  });
});

describe('commitLag', () => {
  it('is end − offset, never negative, null without an end', () => {
    expect(commitLag(10, 15)).toBe(5);
    expect(commitLag(20, 15)).toBe(0);
    expect(commitLag(20, null)).toBeNull();
  });
});
