import { describe, expect, it } from 'vitest';
import { formatEta, formatSeconds, table } from './table';

describe('spillway lag tables', () => {
  it('formats durations for people', () => {
    expect([null, 0.44, 9.96, 42, 95, 3725, 200_000].map(formatSeconds)).toEqual([
      '-',
      '0.4s',
      '10s',
      '42s',
      '1m35s',
      '1h2m',
      '2d7h',
    ]);
    expect(formatEta(0, 'empty')).toBe('caught up');
    expect(formatEta(null, 'not-draining')).toBe('not draining');
    expect(formatEta(null, 'unknown')).toBe('-');
    expect(formatEta(95, 'draining')).toBe('1m35s');
  });

  it('aligns numbers right and text left', () => {
    expect(
      table(
        ['NAME', 'LAG'],
        [
          ['a', '5'],
          ['long-name', '1200'],
        ],
      ),
    ).toBe(['NAME        LAG', 'a             5', 'long-name  1200'].join('\n'));
  });
});
