import { describe, expect, it } from 'vitest';
import { evaluateGroupStatus, evaluatePartitionStatus } from './status';
import { commits } from './test-util/commits';
import { BURROW_STATUS_CONFIG, DEFAULT_STATUS_CONFIG, type Status } from './types';

const minute = 60_000;
const everyMinute = (offsets: number[], lags: (number | null)[]) =>
  commits(offsets.map((o, i) => [o, i * 60, lags[i] ?? null]));

describe('evaluatePartitionStatus — not enough data', () => {
  it('no commit on the partition: OK, not evaluated', () => {
    const s = evaluatePartitionStatus({ commits: [], currentLag: null, now: 0 });
    expect(s).toMatchObject({ status: 'OK', rule: 'no-commit', evaluated: false, complete: 0 });
  });
  it('no commit in the window: OK, not evaluated', () => {
    const s = evaluatePartitionStatus({ commits: [], currentLag: 500, now: 0 });
    expect(s).toMatchObject({ status: 'OK', rule: 'empty-window', evaluated: false });
  });
  it('a window below minCompleteness is not evaluated', () => {
    const w = everyMinute([1, 1, 1], [9, 9, 9]);
    const config = { ...DEFAULT_STATUS_CONFIG, minCompleteness: 0.5 };
    const s = evaluatePartitionStatus({ commits: w, currentLag: 9, now: 3 * minute }, config);
    expect(s).toMatchObject({ status: 'OK', rule: 'incomplete-window', evaluated: false, complete: 0.3 });
  });
  it('the same window is evaluated once complete enough', () => {
    const w = everyMinute([1, 1, 1, 1, 1], [9, 9, 9, 9, 9]);
    const config = { ...DEFAULT_STATUS_CONFIG, minCompleteness: 0.5 };
    const s = evaluatePartitionStatus({ commits: w, currentLag: 9, now: 5 * minute }, config);
    expect(s).toMatchObject({ status: 'STALL', complete: 0.5, evaluated: true });
  });
  it('reports the first and last commit of the window', () => {
    const w = everyMinute([1, 2, 3], [0, 0, 0]);
    const s = evaluatePartitionStatus({ commits: w, currentLag: 0, now: 3 * minute });
    expect(s.start).toEqual(w[0]);
    expect(s.end).toEqual(w[2]);
  });
});

describe('evaluatePartitionStatus — Burrow edge cases under Spillway defaults', () => {
  it('single sample with lag, just committed: OK (Burrow would say STOP)', () => {
    const w = commits([[100, 0, 50]]);
    const input = { commits: w, currentLag: 50, now: 5_000 };
    expect(evaluatePartitionStatus(input).status).toBe('OK');
    expect(evaluatePartitionStatus(input, BURROW_STATUS_CONFIG).status).toBe('STOP');
  });
  it('single sample with lag, silent for longer than minStopMs: STOP', () => {
    const w = commits([[100, 0, 50]]);
    const s = evaluatePartitionStatus({ commits: w, currentLag: 50, now: minute + 1 });
    expect(s).toMatchObject({ status: 'STOP', rule: 'stopped' });
  });
  it('a consumer that just caught up: lag 0 at the last commit, new data since → OK', () => {
    const w = everyMinute([100, 200, 300], [80, 40, 0]);
    const s = evaluatePartitionStatus({ commits: w, currentLag: 7, now: 2 * minute + 5_000 });
    expect(s).toMatchObject({ status: 'OK', rule: 'lag-ever-within-allowance' });
  });
  it('slow topic: caught-up consumer stopped committing, one message arrives → not STOP', () => {
    const w = everyMinute([50, 50, 50], [0, 0, 0]);
    const now = 60 * minute;
    const stale = evaluatePartitionStatus({ commits: w, currentLag: 1, recentEnds: [51, 50, 50], now });
    expect(stale).toMatchObject({ status: 'OK', rule: 'lag-ever-within-allowance' });
    const gone = evaluatePartitionStatus({ commits: w, currentLag: 9, recentEnds: [59, 55, 51], now });
    expect(gone).toMatchObject({ status: 'STOP', rule: 'stopped' });
  });
  it('slow topic with zero current lag: OK however old the commits are', () => {
    const w = everyMinute([50, 50], [0, 0]);
    const s = evaluatePartitionStatus({ commits: w, currentLag: 0, now: 1e9 });
    expect(s).toMatchObject({ status: 'OK', rule: 'current-lag-within-allowance' });
  });
});

describe('evaluatePartitionStatus — rule order', () => {
  it('STOP wins over REWIND', () => {
    const w = everyMinute([300, 100], [10, 210]);
    expect(evaluatePartitionStatus({ commits: w, currentLag: 210, now: 100 * minute }).status).toBe('STOP');
  });
  it('REWIND is checked before the zero-lag short-circuit (#716)', () => {
    const w = everyMinute([1000, 1000, 10], [0, 0, 990]);
    const s = evaluatePartitionStatus({ commits: w, currentLag: 990, now: 2 * minute });
    expect(s).toMatchObject({ status: 'REWIND', rule: 'rewind' });
  });
  it('Spillway checks every rewind: the newest, unrecovered one is reported', () => {
    const w = everyMinute([1000, 3000, 2000, 3500, 1000], [50, 50, 1050, 50, 2550]);
    const input = { commits: w, currentLag: 2550, now: 4 * minute };
    // Burrow stops at the first (recovered) rewind and goes on to the lag rules, which say OK here. This
    // difference is structural, not configurable: BURROW_STATUS_CONFIG reports REWIND too.
    expect(evaluatePartitionStatus(input).status).toBe('REWIND');
    expect(evaluatePartitionStatus(input, BURROW_STATUS_CONFIG).status).toBe('REWIND');
  });
  it('STALL before WARN', () => {
    const w = everyMinute([7, 7, 7], [5, 6, 9]);
    expect(evaluatePartitionStatus({ commits: w, currentLag: 9, now: 2 * minute }).status).toBe('STALL');
  });
  it('WARN when offsets move but lag only grows', () => {
    const w = everyMinute([10, 20, 30], [5, 6, 9]);
    const s = evaluatePartitionStatus({ commits: w, currentLag: 9, now: 2 * minute });
    expect(s).toMatchObject({ status: 'WARN', rule: 'lag-not-decreasing' });
  });
  it('OK when offsets move and lag went down somewhere', () => {
    const w = everyMinute([10, 20, 30], [9, 6, 7]);
    const s = evaluatePartitionStatus({ commits: w, currentLag: 7, now: 2 * minute });
    expect(s).toMatchObject({ status: 'OK', rule: 'progressing' });
  });
});

describe('evaluateGroupStatus', () => {
  const p = (status: Status, complete = 1) => ({ status, complete });
  it('group status is the worst partition status', () => {
    const g = evaluateGroupStatus([p('OK'), p('WARN'), p('STALL'), p('OK')]);
    expect(g.status).toBe('STALL');
    expect(g.burrowStatus).toBe('ERR');
    expect(g.counts).toMatchObject({ OK: 2, WARN: 1, STALL: 1, STOP: 0 });
    expect(g.partitions).toBe(4);
  });
  it('REWIND is the most severe, then STALL, STOP', () => {
    expect(evaluateGroupStatus([p('STOP'), p('REWIND'), p('STALL')]).status).toBe('REWIND');
    expect(evaluateGroupStatus([p('STOP'), p('STALL')]).status).toBe('STALL');
  });
  it('WARN stays WARN in the Burrow roll-up', () => {
    expect(evaluateGroupStatus([p('OK'), p('WARN')]).burrowStatus).toBe('WARN');
  });
  it('completeness is the share of partitions with a full window', () => {
    expect(evaluateGroupStatus([p('OK', 1), p('OK', 0.5)]).complete).toBe(0.5);
  });
  it('a group with no partitions is OK and 0 complete', () => {
    expect(evaluateGroupStatus([])).toMatchObject({ status: 'OK', complete: 0, partitions: 0 });
  });
});
