import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolatedTimeLag } from '../time-lag';
import type { CounterSample } from '../types';
import { CounterHistory } from './counter-history';

const limits = { maxSamples: 20, maxAgeMs: 1_000_000, denseMs: 30_000 };

describe('CounterHistory', () => {
  it('ignores late samples, replaces same-time ones and restarts on a decrease', () => {
    const h = new CounterHistory(limits);
    h.push({ t: 10, value: 5 });
    h.push({ t: 20, value: 7 });
    h.push({ t: 15, value: 9 });
    h.push({ t: 20, value: 8 });
    expect(h.all()).toEqual([
      { t: 10, value: 5 },
      { t: 20, value: 8 },
    ]);
    h.push({ t: 30, value: 2 });
    expect(h.all()).toEqual([{ t: 30, value: 2 }]);
  });

  it('stays within maxSamples, keeps every dense sample and the plateau ends interpolation needs', () => {
    const h = new CounterHistory(limits);
    // 100 polls 5 s apart: idle at 100 for a while, then a jump, then steady growth.
    for (let i = 0; i < 100; i++) {
      const value = i < 40 ? 100 : i < 41 ? 500 : 500 + (i - 41) * 10;
      h.push({ t: i * 5000, value });
    }
    expect(h.length).toBeLessThanOrEqual(limits.maxSamples);
    const all = h.all();
    const newest = all.at(-1) as CounterSample;
    expect(newest).toEqual({ t: 99 * 5000, value: 500 + 58 * 10 });
    // All samples of the last 30 s are there.
    expect(all.filter((s) => s.t >= newest.t - 30_000)).toHaveLength(7);
    for (let i = 1; i < all.length; i++)
      expect((all[i] as CounterSample).t).toBeGreaterThan((all[i - 1] as CounterSample).t);
  });

  it('sliceFor gives the same time lag as the whole history', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(50), { minLength: 2, maxLength: 200 }),
        fc.nat(2000),
        (increments, back) => {
          const h = new CounterHistory({ maxSamples: 1000, maxAgeMs: 1e12, denseMs: 60_000 });
          let value = 0;
          increments.forEach((inc, i) => {
            value += inc;
            h.push({ t: i * 1000, value });
          });
          const now = (increments.length - 1) * 1000;
          const position = Math.max(0, value - back);
          const full = interpolatedTimeLag(position, value, now, h.all());
          const sliced = interpolatedTimeLag(position, value, now, h.sliceFor(position, now - 60_000));
          expect(sliced).toEqual(full);
        },
      ),
    );
  });

  it('sliceFor covers the rate window', () => {
    const h = new CounterHistory(limits);
    for (let i = 0; i < 10; i++) h.push({ t: i * 1000, value: i * 10 });
    expect(h.sliceFor(85, 7000).map((s) => s.t)).toEqual([7000, 8000, 9000]);
    expect(h.sliceFor(35, 7000).map((s) => s.t)).toEqual([3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    expect(h.sliceFor(null, 7000).map((s) => s.t)).toEqual([7000, 8000, 9000]);
    expect(h.sliceFor(-1, 9000)).toHaveLength(10);
  });
});
