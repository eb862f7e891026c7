import { describe, expect, it } from 'vitest';
import { commits } from '../test-util/commits';
import { offsetsStalled } from './stalled';

describe('Rule 4 offsetsStalled', () => {
  it('the same offset committed again and again is a stall', () => {
    expect(
      offsetsStalled(
        commits([
          [7, 1, 5],
          [7, 2, 6],
          [7, 3, 9],
        ]),
      ),
    ).toBe(true);
  });
  it('any movement is not a stall', () => {
    expect(
      offsetsStalled(
        commits([
          [7, 1, 5],
          [8, 2, 6],
          [8, 3, 9],
        ]),
      ),
    ).toBe(false);
  });
  it('a backwards movement is not a stall (that is Rule 2)', () => {
    expect(
      offsetsStalled(
        commits([
          [7, 1, 5],
          [6, 2, 6],
        ]),
      ),
    ).toBe(false);
  });
  it('Spillway differs from Burrow: a single commit is no evidence of a stall', () => {
    expect(offsetsStalled(commits([[7, 1, 5]]))).toBe(false);
    expect(offsetsStalled([])).toBe(false);
  });
});
