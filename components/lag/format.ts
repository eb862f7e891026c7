// Pure formatting of lag figures for the dashboard: counts, lag in seconds, time to drain, rates, statuses.
// No React here, so vitest covers every branch (format.test.ts). Unknown values are null and are shown as
// such ("unknown", "—"), never as 0.
import type { Status } from '@/lib/lag/types';

export type EtaState = 'empty' | 'draining' | 'not-draining' | 'unknown';
export type Tone = 'ok' | 'warn' | 'err' | 'muted';

const DASH = '—';
const counts = new Intl.NumberFormat('en-US');

/** An exact count with thousands separators: 12,345. Null is a dash. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return counts.format(Math.round(n));
}

/** A short count for cards and axes: 950, 12.3k, 4.5M. */
export function formatCompact(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const abs = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  if (abs < 1000) return `${sign}${Math.round(abs)}`;
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, unit] of units) {
    if (abs >= size) {
      const v = abs / size;
      return `${sign}${v >= 100 ? Math.round(v) : Number(v.toFixed(1))}${unit}`;
    }
  }
  return `${sign}${abs}`;
}

/**
 * A duration in seconds, two units at most: 0s, 42s, 4m 05s, 3h 12m, 2d 4h. Sub-second durations read
 * "<1s"; null is "unknown".
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return 'unknown';
  if (seconds <= 0) return '0s';
  if (seconds < 1) return '<1s';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  const hours = Math.floor((s % 86_400) / 3600);
  return hours === 0 ? `${Math.floor(s / 86_400)}d` : `${Math.floor(s / 86_400)}d ${hours}h`;
}

/**
 * How far behind a consumer is, in time. When the exact figure is unknown but a floor is (producers idle),
 * "≥ 5m 00s"; with neither, "unknown".
 */
export function formatLagSeconds(seconds: number | null | undefined, atLeast?: number | null): string {
  if (seconds !== null && seconds !== undefined && Number.isFinite(seconds)) return formatDuration(seconds);
  if (atLeast !== null && atLeast !== undefined && Number.isFinite(atLeast) && atLeast > 0) {
    return `≥ ${formatDuration(atLeast)}`;
  }
  return 'unknown';
}

/** Time to drain: "caught up", "~4m 05s", "not draining" or "unknown". */
export function formatEta(seconds: number | null | undefined, state: EtaState): string {
  switch (state) {
    case 'empty':
      return 'caught up';
    case 'not-draining':
      return 'not draining';
    case 'unknown':
      return 'unknown';
    case 'draining':
      return seconds === null || seconds === undefined || !Number.isFinite(seconds)
        ? 'unknown'
        : `~${formatDuration(seconds)}`;
  }
}

/** A rate per second: "1,234/s", "2.5/s", "<0.1/s", "0/s"; null is a dash. */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return DASH;
  if (perSecond === 0) return '0/s';
  const abs = Math.abs(perSecond);
  if (abs < 0.1) return '<0.1/s';
  if (abs < 10) return `${Number(perSecond.toFixed(1))}/s`;
  return `${counts.format(Math.round(perSecond))}/s`;
}

/** "1 group", "3 groups", "1,024 partitions". */
export function plural(n: number | null | undefined, one: string, many = `${one}s`): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return `${DASH} ${many}`;
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** A 0..1 share as a percentage: "87%"; null is a dash. */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return DASH;
  return `${Math.round(share * 100)}%`;
}

/** "just now", "12s ago", "3m 10s ago": how old a figure is. */
export function formatAge(then: number | null | undefined, now: number): string {
  if (then === null || then === undefined || !Number.isFinite(then) || then <= 0) return 'never';
  const s = (now - then) / 1000;
  if (s < 1) return 'just now';
  return `${formatDuration(s)} ago`;
}

/** A byte size: 512 B, 1.5 MiB. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return DASH;
  if (bytes < 0) return 'unlimited';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : Number(v.toFixed(1))} ${units[i]}`;
}

const STATUS_LABEL: Record<Status, string> = {
  OK: 'OK',
  WARN: 'Warning',
  ERR: 'Error',
  STOP: 'Stopped',
  STALL: 'Stalled',
  REWIND: 'Rewound',
};

const STATUS_HELP: Record<Status, string> = {
  OK: 'Consuming normally or caught up.',
  WARN: 'Lag has not decreased over the window: consumers are falling behind.',
  ERR: 'Consumers are failing to keep up.',
  STOP: 'No commits for longer than the window while there is a backlog: the consumer stopped.',
  STALL: 'Commits arrive but the offset does not move while there is a backlog.',
  REWIND: 'The committed offset went backwards (a reset or replay).',
};

export function statusLabel(status: Status): string {
  return STATUS_LABEL[status];
}

export function statusHelp(status: Status): string {
  return STATUS_HELP[status];
}

/** Colour family of a status: OK is green, WARN amber, the rest red. */
export function statusTone(status: Status): Tone {
  if (status === 'OK') return 'ok';
  if (status === 'WARN') return 'warn';
  return 'err';
}

const ETA_TONE: Record<EtaState, Tone> = {
  empty: 'ok',
  draining: 'ok',
  'not-draining': 'warn',
  unknown: 'muted',
};

export function etaTone(state: EtaState): Tone {
  return ETA_TONE[state];
}

/** Kafka `retention.ms`-style values: "7d", "-1" → "forever". */
export function formatMillisConfig(raw: string | null | undefined): string {
  if (raw === null || raw === undefined || raw === '') return DASH;
  const n = Number(raw);
  if (!Number.isFinite(n)) return raw;
  if (n < 0) return 'forever';
  return formatDuration(n / 1000);
}
