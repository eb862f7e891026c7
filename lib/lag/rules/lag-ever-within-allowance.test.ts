import { describe, expect, it } from 'vitest';
import { commits } from '../test-util/commits';
import { lagEverWithinAllowance } from './lag-ever-within-allowance';

describe('Rule 1 lagEverWithinAllowance', () => {
  it('a consumer that just caught up (zero lag at the newest commit) is within allowance', () => {
    const w = commits([
      [100, 10, 500],
      [400, 20, 200],
      [900, 30, 0],
    ]);
    expect(lagEverWithinAllowance(w, 0)).toBe(true);
  });
  it('zero lag at the oldest commit counts too', () => {
    expect(
      lagEverWithinAllowance(
        commits([
          [1, 1, 0],
          [5, 2, 10],
        ]),
        0,
      ),
    ).toBe(true);
  });
  it('lag always above the allowance', () => {
    expect(
      lagEverWithinAllowance(
        commits([
          [1, 1, 3],
          [5, 2, 10],
        ]),
        2,
      ),
    ).toBe(false);
  });
  it('the allowance raises the bar', () => {
    expect(
      lagEverWithinAllowance(
        commits([
          [1, 1, 3],
          [5, 2, 10],
        ]),
        3,
      ),
    ).toBe(true);
  });
  it('commits with unknown lag never count as caught up', () => {
    expect(
      lagEverWithinAllowance(
        commits([
          [1, 1, null],
          [5, 2, null],
        ]),
        1000,
      ),
    ).toBe(false);
  });
  it('an empty window has no zero-lag commit', () => {
    expect(lagEverWithinAllowance([], 0)).toBe(false);
  });
});
