import { describe, expect, it } from 'vitest';
import { sumRates, windowedRate } from './rates';

const s = (seconds: number, value: number) => ({ t: seconds * 1000, value });
const window = { now: 60_000, windowMs: 60_000 };

describe('windowedRate', () => {
  it('averages the increase over the window', () => {
    const r = windowedRate([s(0, 0), s(30, 150), s(60, 600)], window);
    expect(r).toMatchObject({ perSecond: 10, samples: 3, spanMs: 60_000, resets: 0, reason: null });
  });
  it('a single sample → unknown', () => {
    expect(windowedRate([s(30, 5)], window)).toMatchObject({
      perSecond: null,
      reason: 'insufficient-samples',
    });
  });
  it('only samples inside the window count', () => {
    const r = windowedRate([s(-600, 0), s(10, 100), s(60, 600)], window);
    expect(r.perSecond).toBe(10);
    expect(r.samples).toBe(2);
  });
  it('a counter reset skips its interval instead of counting a negative or bogus delta', () => {
    const r = windowedRate([s(0, 1000), s(20, 1200), s(40, 5), s(60, 205)], window);
    expect(r).toMatchObject({ perSecond: 10, resets: 1, spanMs: 40_000 });
  });
  it('only resets in the window → unknown', () => {
    expect(windowedRate([s(0, 10), s(30, 5)], window)).toMatchObject({ perSecond: null, reason: 'no-span' });
  });
  it('a gap between samples is averaged over (cumulative counters lose nothing)', () => {
    expect(windowedRate([s(5, 0), s(55, 500)], window).perSecond).toBe(10);
  });
  it('an idle counter has rate 0, not unknown', () => {
    expect(windowedRate([s(0, 7), s(60, 7)], window).perSecond).toBe(0);
  });
  it('accepts samples in any order and ignores ones after now', () => {
    expect(windowedRate([s(60, 600), s(0, 0), s(90, 99_999)], window).perSecond).toBe(10);
  });
});

describe('sumRates', () => {
  it('sums, and is null as soon as one rate is unknown', () => {
    expect(sumRates([1, 2.5])).toBe(3.5);
    expect(sumRates([1, null])).toBeNull();
    expect(sumRates([])).toBe(0);
  });
});
