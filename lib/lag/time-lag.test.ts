import { describe, expect, it } from 'vitest';
import { exactTimeLag, interpolatedTimeLag, timeLag } from './time-lag';
import type { CounterSample } from './types';

const s = (seconds: number, value: number): CounterSample => ({ t: seconds * 1000, value });
// Producers write 10 records/s from t=0 (HWM 0) to t=100 s (HWM 1000).
const steady = [s(0, 0), s(20, 200), s(40, 400), s(60, 600), s(80, 800)];

describe('exactTimeLag', () => {
  it('is the age of the record at the committed offset', () => {
    expect(exactTimeLag(10_000, 25_000)).toMatchObject({ seconds: 15, method: 'exact', extrapolated: false });
  });
  it('is never negative, even with a producer clock ahead of ours', () => {
    expect(exactTimeLag(30_000, 25_000).seconds).toBe(0);
  });
});

describe('interpolatedTimeLag', () => {
  it('caught up → 0', () => {
    expect(interpolatedTimeLag(1000, 1000, 100_000, steady)).toMatchObject({
      seconds: 0,
      method: 'caught-up',
    });
  });
  it('interpolates between the samples around the committed offset', () => {
    // Record 499 appended when the HWM reached 500: t = 50 s → 50 s old at t = 100 s.
    expect(interpolatedTimeLag(499, 1000, 100_000, steady)).toMatchObject({
      seconds: 50,
      method: 'interpolated',
      extrapolated: false,
    });
  });
  it('uses the current observation (now, end) as the newest sample', () => {
    // Record 899 → HWM 900 between s(80, 800) and (100 s, 1000) → t = 90 s.
    expect(interpolatedTimeLag(899, 1000, 100_000, steady).seconds).toBe(10);
  });
  it('extrapolates before the first sample at the average rate, and flags it', () => {
    const history = [s(40, 400), s(60, 600), s(80, 800)];
    const lag = interpolatedTimeLag(99, 1000, 100_000, history);
    expect(lag).toMatchObject({ method: 'extrapolated', extrapolated: true });
    expect(lag.seconds).toBeCloseTo(90, 6);
  });
  it('producers idle through the whole history: unknown with a floor, not infinity', () => {
    const idle = [s(0, 1000), s(300, 1000), s(600, 1000)];
    expect(interpolatedTimeLag(400, 1000, 900_000, idle)).toEqual({
      seconds: null,
      method: null,
      extrapolated: false,
      atLeastSeconds: 900,
      reason: 'producers-idle',
    });
  });
  it('producers idle now but the backlog was written inside the history: still interpolated', () => {
    const burstThenIdle = [s(0, 0), s(10, 1000), s(600, 1000)];
    expect(interpolatedTimeLag(499, 1000, 900_000, burstThenIdle).seconds).toBe(895);
  });
  it('no history: unknown', () => {
    expect(interpolatedTimeLag(10, 20, 1_000, [])).toMatchObject({ seconds: null, reason: 'no-history' });
  });
  it('an HWM reset (topic recreated) discards the samples before it', () => {
    const reset = [s(0, 5000), s(10, 6000), s(20, 10), s(30, 110)];
    expect(interpolatedTimeLag(59, 210, 40_000, reset).seconds).toBe(15);
  });
  it('samples after now are ignored', () => {
    expect(interpolatedTimeLag(499, 1000, 100_000, [...steady, s(200, 5000)]).seconds).toBe(50);
  });
});

describe('timeLag', () => {
  it('no commit → unknown', () => {
    expect(timeLag({ committed: null, logStart: 0, end: 10, now: 0 })).toMatchObject({ reason: 'no-commit' });
  });
  it('prefers the exact record timestamp when given', () => {
    const lag = timeLag({
      committed: 499,
      logStart: 0,
      end: 1000,
      now: 100_000,
      committedRecordTimestamp: 70_000,
    });
    expect(lag).toMatchObject({ seconds: 30, method: 'exact' });
  });
  it('falls back to interpolation from the HWM history', () => {
    const lag = timeLag({ committed: 499, logStart: 0, end: 1000, now: 100_000, hwmHistory: steady });
    expect(lag).toMatchObject({ seconds: 50, method: 'interpolated' });
  });
  it('measures from logStart when retention deleted the committed record', () => {
    const lag = timeLag({ committed: 10, logStart: 599, end: 1000, now: 100_000, hwmHistory: steady });
    expect(lag.seconds).toBe(40);
  });
  it('caught up → 0 without looking at timestamps', () => {
    const lag = timeLag({ committed: 1000, logStart: 0, end: 1000, now: 5, committedRecordTimestamp: 0 });
    expect(lag).toMatchObject({ seconds: 0, method: 'caught-up' });
  });
});
