import { describe, expect, it } from 'vitest';
import { chartDomain, drainForecast, forecastHorizon, formatTick, parseRange } from './chart-data';

describe('time ranges', () => {
  it('accepts the four ranges and falls back to 15m', () => {
    expect(parseRange('15m')).toBe('15m');
    expect(parseRange('7d')).toBe('7d');
    expect(parseRange(['24h', '1h'])).toBe('24h');
    expect(parseRange('2y')).toBe('15m');
    expect(parseRange(undefined)).toBe('15m');
  });

  it('labels ticks by range', () => {
    const t = new Date(2026, 2, 9, 14, 5, 7).getTime();
    expect(formatTick(t, '15m')).toBe('14:05:07');
    expect(formatTick(t, '1h')).toBe('14:05');
    expect(formatTick(t, '7d')).toBe('Mon 14:05');
  });
});

describe('chartDomain', () => {
  it('keeps the range when history covers it', () => {
    expect(chartDomain(1000, 100_000, 500)).toEqual([1000, 100_000]);
    expect(chartDomain(1000, 100_000, undefined)).toEqual([1000, 100_000]);
  });
  it('starts near the first point when history is younger than the range', () => {
    expect(chartDomain(0, 3_600_000, 3_540_000)).toEqual([3_535_000, 3_600_000]);
  });
});

describe('drainForecast', () => {
  const now = 1_000_000;
  it('draws the backlog down to zero at now + ETA', () => {
    expect(
      drainForecast({ now, backlog: 3000, etaSeconds: 60, etaState: 'draining', limit: now + 600_000 }),
    ).toEqual([
      { t: now, forecast: 3000 },
      { t: now + 60_000, forecast: 0 },
    ]);
  });

  it('cuts the line at the chart edge with the interpolated backlog', () => {
    expect(
      drainForecast({ now, backlog: 1000, etaSeconds: 100, etaState: 'draining', limit: now + 25_000 }),
    ).toEqual([
      { t: now, forecast: 1000 },
      { t: now + 25_000, forecast: 750 },
    ]);
  });

  it('draws nothing when not draining, caught up or unknown', () => {
    const base = { now, limit: now + 60_000 };
    expect(drainForecast({ ...base, backlog: 10, etaSeconds: null, etaState: 'not-draining' })).toEqual([]);
    expect(drainForecast({ ...base, backlog: 0, etaSeconds: 0, etaState: 'empty' })).toEqual([]);
    expect(drainForecast({ ...base, backlog: null, etaSeconds: 5, etaState: 'draining' })).toEqual([]);
    expect(drainForecast({ ...base, backlog: 10, etaSeconds: 5, etaState: 'unknown' })).toEqual([]);
  });

  it('shows a quarter of the range ahead', () => {
    expect(forecastHorizon('1h')).toBe(15 * 60_000);
  });
});
