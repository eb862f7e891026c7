import { describe, expect, it } from 'vitest';
import { drainEta, slowestEta } from './eta';

describe('drainEta', () => {
  it('backlog / (out − in) when draining', () => {
    expect(drainEta({ backlog: 3000, inRate: 2000, outRate: 5000 })).toEqual({
      seconds: 1,
      state: 'draining',
      netRatePerSecond: 3000,
    });
  });
  it("the article's peak: 5k/s in, 2k/s out → not draining", () => {
    expect(drainEta({ backlog: 1e6, inRate: 5000, outRate: 2000 })).toMatchObject({
      seconds: null,
      state: 'not-draining',
      netRatePerSecond: -3000,
    });
  });
  it('in = out → not draining (the backlog holds)', () => {
    expect(drainEta({ backlog: 10, inRate: 5, outRate: 5 }).state).toBe('not-draining');
  });
  it('empty backlog → 0, whatever the rates', () => {
    expect(drainEta({ backlog: 0, inRate: null, outRate: null })).toMatchObject({
      seconds: 0,
      state: 'empty',
    });
    expect(drainEta({ backlog: 0, inRate: 9, outRate: 1 })).toMatchObject({ seconds: 0, state: 'empty' });
  });
  it('unknown backlog or rate → unknown', () => {
    expect(drainEta({ backlog: null, inRate: 1, outRate: 2 }).state).toBe('unknown');
    expect(drainEta({ backlog: 5, inRate: null, outRate: 2 }).state).toBe('unknown');
  });
  it('a vanishing net rate that would overflow is "not draining", never Infinity', () => {
    expect(drainEta({ backlog: Number.MAX_VALUE, inRate: 0, outRate: 1e-300 }).seconds).toBeNull();
  });
});

describe('slowestEta', () => {
  const d = (backlog: number, inRate: number, outRate: number) => drainEta({ backlog, inRate, outRate });
  it('the group drains when its slowest partition does', () => {
    expect(slowestEta([d(100, 0, 10), d(100, 0, 1), d(0, 0, 0)])).toMatchObject({
      seconds: 100,
      state: 'draining',
    });
  });
  it('one partition not draining → the group is not draining', () => {
    expect(slowestEta([d(100, 0, 10), d(100, 5, 1)]).state).toBe('not-draining');
  });
  it('one unknown → unknown', () => {
    expect(slowestEta([d(100, 0, 10), drainEta({ backlog: null, inRate: 0, outRate: 0 })]).state).toBe(
      'unknown',
    );
  });
  it('all empty (or no partitions) → 0', () => {
    expect(slowestEta([d(0, 0, 0)])).toMatchObject({ seconds: 0, state: 'empty' });
    expect(slowestEta([])).toMatchObject({ seconds: 0, state: 'empty' });
  });
});
