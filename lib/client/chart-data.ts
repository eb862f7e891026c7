// Pure helpers behind the charts: the time ranges the history API serves, axis ticks, the drain forecast.
import type { TimeRange } from './paths';

export const TIME_RANGES: readonly TimeRange[] = ['15m', '1h', '24h', '7d'];
/** 15 minutes by default: a newcomer watching the demo sees each 30 s burst and drain. */
export const DEFAULT_RANGE: TimeRange = '15m';

/** Buckets asked of the history API per range: 3 s, 10 s, 5 min and 30 min steps. */
export const HISTORY_POINTS: Readonly<Record<TimeRange, number>> = {
  '15m': 300,
  '1h': 360,
  '24h': 288,
  '7d': 336,
};

export const RANGE_MS: Readonly<Record<TimeRange, number>> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
};

export const RANGE_LABEL: Readonly<Record<TimeRange, string>> = {
  '15m': '15 min',
  '1h': '1 hour',
  '24h': '24 hours',
  '7d': '7 days',
};

/** A `?range=` value, or the default for anything else. */
export function parseRange(raw: string | string[] | undefined): TimeRange {
  const v = Array.isArray(raw) ? raw[0] : raw;
  return TIME_RANGES.includes(v as TimeRange) ? (v as TimeRange) : DEFAULT_RANGE;
}

const pad = (n: number) => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Axis label of an instant: HH:MM for ranges up to a day, "Mon 14:00" for a week (local time). */
export function formatTick(t: number, range: TimeRange): string {
  const d = new Date(t);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (range === '15m') return `${hm}:${pad(d.getSeconds())}`;
  return range === '7d' ? `${DAYS[d.getDay()]} ${hm}` : hm;
}

/** Tooltip label of an instant: date and time to the second. */
export function formatInstant(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export interface ForecastInput {
  /** When the current backlog was observed, epoch ms. */
  now: number;
  backlog: number | null;
  etaSeconds: number | null;
  etaState: 'empty' | 'draining' | 'not-draining' | 'unknown';
  /** The forecast is cut here (the chart's right edge), interpolated. */
  limit: number;
}

/**
 * The drain forecast as two points, the backlog now and zero at now + ETA (cut at `limit`); empty when
 * the backlog is not draining or unknown: the chart never draws a forecast it does not have.
 */
export function drainForecast(f: ForecastInput): Array<{ t: number; forecast: number }> {
  if (f.etaState !== 'draining' || f.backlog === null || f.backlog <= 0) return [];
  if (f.etaSeconds === null || !Number.isFinite(f.etaSeconds) || f.etaSeconds <= 0) return [];
  const end = f.now + f.etaSeconds * 1000;
  if (f.limit <= f.now) return [];
  if (end <= f.limit) {
    return [
      { t: f.now, forecast: f.backlog },
      { t: end, forecast: 0 },
    ];
  }
  const left = f.backlog * (1 - (f.limit - f.now) / (end - f.now));
  return [
    { t: f.now, forecast: f.backlog },
    { t: f.limit, forecast: Math.round(left) },
  ];
}

/**
 * The x-axis window: the requested range, but starting at the first stored point when history is younger
 * than the range (a new cluster's minute of data is not a sliver at the right edge of an hour).
 */
export function chartDomain(from: number, to: number, firstPoint: number | undefined): [number, number] {
  if (firstPoint === undefined || firstPoint <= from) return [from, to];
  const pad = Math.max(5_000, (to - firstPoint) * 0.05);
  return [Math.max(from, firstPoint - pad), to];
}

/** How far past "now" a chart extends so that a forecast is visible: a quarter of the range. */
export function forecastHorizon(range: TimeRange): number {
  return RANGE_MS[range] / 4;
}
