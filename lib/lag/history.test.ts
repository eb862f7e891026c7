import { describe, expect, it } from 'vitest';
import { appendSample, sinceLastReset } from './history';

const limits = { maxSamples: 3, maxAgeMs: 10_000 };

describe('appendSample', () => {
  it('appends newer samples and keeps at most maxSamples', () => {
    let h: { t: number; value: number }[] = [];
    for (let i = 0; i < 5; i++) h = appendSample(h, { t: i * 1000, value: i }, limits);
    expect(h.map((x) => x.value)).toEqual([2, 3, 4]);
  });
  it('drops samples older than maxAgeMs relative to the newest', () => {
    const h = appendSample([{ t: 0, value: 1 }], { t: 20_000, value: 2 }, limits);
    expect(h).toEqual([{ t: 20_000, value: 2 }]);
  });
  it('a sample with the same time replaces the newest; an older one is ignored', () => {
    const h = [{ t: 5_000, value: 1 }];
    expect(appendSample(h, { t: 5_000, value: 2 }, limits)).toEqual([{ t: 5_000, value: 2 }]);
    expect(appendSample(h, { t: 4_000, value: 3 }, limits)).toEqual(h);
  });
});

describe('sinceLastReset', () => {
  it('sorts, drops future samples and collapses duplicate times', () => {
    const out = sinceLastReset(
      [
        { t: 3, value: 30 },
        { t: 1, value: 10 },
        { t: 3, value: 31 },
        { t: 9, value: 90 },
      ],
      5,
    );
    expect(out).toEqual([
      { t: 1, value: 10 },
      { t: 3, value: 31 },
    ]);
  });
  it('keeps only the samples after the last decrease', () => {
    const out = sinceLastReset(
      [
        { t: 1, value: 10 },
        { t: 2, value: 3 },
        { t: 3, value: 4 },
      ],
      10,
    );
    expect(out.map((x) => x.t)).toEqual([2, 3]);
  });
});
