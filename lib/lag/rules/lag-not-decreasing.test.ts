import { describe, expect, it } from 'vitest';
import { commits } from '../test-util/commits';
import { lagNotDecreasing } from './lag-not-decreasing';

describe('Rule 5 lagNotDecreasing', () => {
  it('growing lag while offsets advance: the consumer is slow', () => {
    expect(
      lagNotDecreasing(
        commits([
          [10, 1, 5],
          [20, 2, 8],
          [30, 3, 12],
        ]),
      ),
    ).toBe(true);
  });
  it('constant non-zero lag counts as not decreasing (keeping pace, never catching up)', () => {
    expect(
      lagNotDecreasing(
        commits([
          [10, 1, 5],
          [20, 2, 5],
        ]),
      ),
    ).toBe(true);
  });
  it('one decrease anywhere in the window clears it', () => {
    expect(
      lagNotDecreasing(
        commits([
          [10, 1, 5],
          [20, 2, 9],
          [30, 3, 8],
          [40, 4, 20],
        ]),
      ),
    ).toBe(false);
  });
  it('unknown lags are skipped: neighbours of a gap are compared', () => {
    expect(
      lagNotDecreasing(
        commits([
          [10, 1, 5],
          [20, 2, null],
          [30, 3, 4],
        ]),
      ),
    ).toBe(false);
    expect(
      lagNotDecreasing(
        commits([
          [10, 1, 5],
          [20, 2, null],
          [30, 3, 6],
        ]),
      ),
    ).toBe(true);
  });
  it('Spillway differs from Burrow: fewer than two known lags is no evidence', () => {
    expect(lagNotDecreasing(commits([[10, 1, 5]]))).toBe(false);
    expect(
      lagNotDecreasing(
        commits([
          [10, 1, 5],
          [20, 2, null],
        ]),
      ),
    ).toBe(false);
    expect(lagNotDecreasing([])).toBe(false);
  });
});
