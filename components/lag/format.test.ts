import { describe, expect, it } from 'vitest';
import {
  etaTone,
  formatAge,
  formatBytes,
  formatCompact,
  formatCount,
  formatDuration,
  formatEta,
  formatLagSeconds,
  formatMillisConfig,
  formatPercent,
  formatRate,
  plural,
  statusHelp,
  statusLabel,
  statusTone,
} from './format';

describe('formatDuration (lag seconds, ETA)', () => {
  it.each([
    [0, '0s'],
    [-3, '0s'],
    [0.4, '<1s'],
    [1, '1s'],
    [59.4, '59s'],
    [59.6, '1m 00s'],
    [65, '1m 05s'],
    [3599, '59m 59s'],
    [3600, '1h 00m'],
    [3 * 3600 + 12 * 60 + 40, '3h 12m'],
    [86_400, '1d'],
    [2 * 86_400 + 4 * 3600 + 59, '2d 4h'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('says "unknown" rather than inventing a number', () => {
    expect(formatDuration(null)).toBe('unknown');
    expect(formatDuration(undefined)).toBe('unknown');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('unknown');
    expect(formatDuration(Number.NaN)).toBe('unknown');
  });
});

describe('formatLagSeconds', () => {
  it('formats a known time lag', () => {
    expect(formatLagSeconds(125)).toBe('2m 05s');
    expect(formatLagSeconds(0)).toBe('0s');
  });
  it('shows a floor when producers are idle and only a lower bound is known', () => {
    expect(formatLagSeconds(null, 300)).toBe('≥ 5m 00s');
  });
  it('prefers the exact figure over the floor', () => {
    expect(formatLagSeconds(12, 300)).toBe('12s');
  });
  it('is "unknown" with neither', () => {
    expect(formatLagSeconds(null)).toBe('unknown');
    expect(formatLagSeconds(null, null)).toBe('unknown');
    expect(formatLagSeconds(null, 0)).toBe('unknown');
  });
});

describe('formatEta', () => {
  it('reads "caught up" for an empty backlog whatever the seconds', () => {
    expect(formatEta(0, 'empty')).toBe('caught up');
    expect(formatEta(null, 'empty')).toBe('caught up');
  });
  it('marks a draining forecast as approximate', () => {
    expect(formatEta(95, 'draining')).toBe('~1m 35s');
    expect(formatEta(7200, 'draining')).toBe('~2h 00m');
  });
  it('never shows a number for a backlog that does not shrink', () => {
    expect(formatEta(null, 'not-draining')).toBe('not draining');
    expect(formatEta(12, 'not-draining')).toBe('not draining');
  });
  it('is "unknown" when rates are unknown or seconds are missing', () => {
    expect(formatEta(null, 'unknown')).toBe('unknown');
    expect(formatEta(null, 'draining')).toBe('unknown');
  });
  it('tones: draining/empty ok, not draining a warning, unknown muted', () => {
    expect(etaTone('empty')).toBe('ok');
    expect(etaTone('draining')).toBe('ok');
    expect(etaTone('not-draining')).toBe('warn');
    expect(etaTone('unknown')).toBe('muted');
  });
});

describe('status', () => {
  it('labels every Burrow status in words', () => {
    expect(statusLabel('OK')).toBe('OK');
    expect(statusLabel('WARN')).toBe('Warning');
    expect(statusLabel('ERR')).toBe('Error');
    expect(statusLabel('STOP')).toBe('Stopped');
    expect(statusLabel('STALL')).toBe('Stalled');
    expect(statusLabel('REWIND')).toBe('Rewound');
  });
  it('colours OK green, WARN amber and every failure red', () => {
    expect(statusTone('OK')).toBe('ok');
    expect(statusTone('WARN')).toBe('warn');
    for (const s of ['ERR', 'STOP', 'STALL', 'REWIND'] as const) expect(statusTone(s)).toBe('err');
  });
  it('explains each status in a sentence', () => {
    expect(statusHelp('STOP')).toMatch(/No commits/);
    expect(statusHelp('STALL')).toMatch(/does not move/);
  });
});

describe('counts and rates', () => {
  it('formats exact counts with separators and unknown as a dash', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(null)).toBe('—');
  });
  it('compacts large counts', () => {
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(12_345)).toBe('12.3k');
    expect(formatCompact(4_500_000)).toBe('4.5M');
    expect(formatCompact(250_000)).toBe('250k');
    expect(formatCompact(-1500)).toBe('-1.5k');
    expect(formatCompact(null)).toBe('—');
  });
  it('formats rates per second', () => {
    expect(formatRate(5000)).toBe('5,000/s');
    expect(formatRate(2.46)).toBe('2.5/s');
    expect(formatRate(0.01)).toBe('<0.1/s');
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(null)).toBe('—');
  });
  it('formats shares, bytes and retention', () => {
    expect(formatPercent(0.874)).toBe('87%');
    expect(formatPercent(null)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MiB');
    expect(formatBytes(-1)).toBe('unlimited');
    expect(formatMillisConfig('604800000')).toBe('7d');
    expect(formatMillisConfig('-1')).toBe('forever');
    expect(formatMillisConfig(undefined)).toBe('—');
    expect(formatMillisConfig('abc')).toBe('abc');
  });
  it('pluralizes counts', () => {
    expect(plural(1, 'group')).toBe('1 group');
    expect(plural(1024, 'partition')).toBe('1,024 partitions');
    expect(plural(0, 'query', 'queries')).toBe('0 queries');
    expect(plural(null, 'queue')).toBe('— queues');
  });
  it('formats ages relative to now', () => {
    expect(formatAge(10_000, 10_500)).toBe('just now');
    expect(formatAge(10_000, 22_000)).toBe('12s ago');
    expect(formatAge(null, 1)).toBe('never');
  });
});
