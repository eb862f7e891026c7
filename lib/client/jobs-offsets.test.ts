import { describe, expect, it } from 'vitest';
import { resetPage, resetTarget } from './jobs-offsets';

describe('offset reset target from the form', () => {
  it('earliest and latest ignore the value', () => {
    expect(resetTarget('earliest', 'x')).toEqual({ ok: true, to: 'earliest' });
    expect(resetTarget('latest', '')).toEqual({ ok: true, to: 'latest' });
  });
  it('offsets are digits only', () => {
    expect(resetTarget('offset', ' 42 ')).toEqual({ ok: true, to: '42' });
    for (const v of ['-1', '1.5', '', 'ten']) expect(resetTarget('offset', v).ok).toBe(false);
  });
  it('times become ISO instants; an empty or invalid time is refused', () => {
    expect(resetTarget('time', '2026-11-24T03:00:00Z')).toEqual({ ok: true, to: '2026-11-24T03:00:00.000Z' });
    expect(resetTarget('time', '')).toEqual({ ok: false, error: 'choose the date and time to reset to' });
    expect(resetTarget('time', 'yesterday').ok).toBe(false);
  });
  it('addresses the page by cluster and group', () => {
    expect(resetPage('local', 'billing team/eu')).toBe('/jobs/reset?cluster=local&group=billing+team%2Feu');
  });
});
