import { describe, expect, it } from 'vitest';
import { commits } from '../test-util/commits';
import { rewindIndexes, rewindRecovered, unrecoveredRewind } from './rewind';

const offsets = (os: number[]) => commits(os.map((o, i) => [o, i * 60, 10]));

describe('Rule 2 rewind', () => {
  it('no rewind in a rising or flat window', () => {
    expect(rewindIndexes(offsets([1, 2, 2, 5]))).toEqual([]);
    expect(unrecoveredRewind(offsets([1, 2, 2, 5]))).toBe(-1);
  });
  it('finds every backwards step', () => {
    expect(rewindIndexes(offsets([10, 20, 5, 30, 25]))).toEqual([2, 4]);
  });
  it('a rewind is recovered once a later commit reaches the offset before it', () => {
    const w = offsets([1000, 3000, 2000, 3000]);
    expect(rewindRecovered(w, 2)).toBe(true);
    expect(unrecoveredRewind(w)).toBe(-1);
  });
  it('a rewind still below the previous offset is not recovered', () => {
    const w = offsets([1000, 3000, 2000, 2999]);
    expect(rewindRecovered(w, 2)).toBe(false);
    expect(unrecoveredRewind(w)).toBe(2);
  });
  it('a rewind at the newest commit is not recovered', () => {
    expect(unrecoveredRewind(offsets([1, 2, 3, 0]))).toBe(3);
  });
  it('Spillway differs from Burrow: a later unrecovered rewind is not hidden by an earlier recovered one', () => {
    const w = offsets([1000, 3000, 2000, 3500, 1000]);
    expect(rewindIndexes(w)[0]).toBe(2); // Burrow looks at this one only, recovered → not REWIND
    expect(rewindRecovered(w, 2)).toBe(true);
    expect(unrecoveredRewind(w)).toBe(4);
  });
  it('single commit or empty window: no rewind', () => {
    expect(unrecoveredRewind(offsets([5]))).toBe(-1);
    expect(unrecoveredRewind([])).toBe(-1);
  });
});
