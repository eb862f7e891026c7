// Burrow's evaluator cases (linkedin/Burrow core/internal/evaluator/caching_test.go, cases 0–15), restated
// as data: for each window, what each rule says and the final status. Times here are in seconds (commit
// times) and `now` in seconds; Burrow's fixture uses ms for commits and s for now, the instants are the same.
// Under BURROW_STATUS_CONFIG every case gives Burrow's answer; where Spillway's defaults answer differently
// the case says so.
import { describe, expect, it } from 'vitest';
import { lagEverWithinAllowance } from './rules/lag-ever-within-allowance';
import { lagNotDecreasing } from './rules/lag-not-decreasing';
import { rewindIndexes } from './rules/rewind';
import { offsetsStalled } from './rules/stalled';
import { commitsStopped, recentlyCaughtUp } from './rules/stopped';
import { evaluatePartitionStatus } from './status';
import { type CommitRow, commits, commitsMs } from './test-util/commits';
import { BURROW_STATUS_CONFIG, type CommitSample, DEFAULT_STATUS_CONFIG, type Status } from './types';

interface Case {
  name: string;
  window: CommitSample[];
  recentEnds: number[];
  currentLag: number;
  nowSeconds: number;
  allowedLag: number;
  expect: {
    lagEver: boolean;
    firstRewind: number;
    stopped: boolean;
    stalled: boolean;
    notDecreasing: boolean;
    recentZero: boolean;
    status: Status;
  };
  /** Spillway's answer with DEFAULT_STATUS_CONFIG (and the same allowedLag), when it differs. */
  spillwayStatus?: Status;
}

const rising: CommitRow[] = [
  [1000, 100, 0],
  [2000, 200, 50],
  [3000, 300, 100],
  [4000, 400, 150],
  [5000, 500, 200],
];
const risingNoZero: CommitRow[] = rising.map(([o, t, l]) => [o, t, (l ?? 0) + 50]);
const stuckAfterZero: CommitRow[] = rising.map(([, t, l]) => [1000, t, l]);
const stuck: CommitRow[] = rising.map(([, t, l]) => [1000, t, (l ?? 0) + 100]);
const rewoundRecovered: CommitRow[] = [
  [1000, 100, 100],
  [2000, 200, 150],
  [3000, 300, 200],
  [2000, 400, 1250],
  [4000, 500, 300],
];
// Fifteen commits about one second apart, all at zero lag when they were made (Burrow #290/#303 cases).
const fastTimes = [
  1512224618356, 1512224619362, 1512224620366, 1512224621367, 1512224622370, 1512224623373, 1512224624378,
  1512224625379, 1512224626383, 1512224627383, 1512224628383, 1512224629388, 1512224630391, 1512224631394,
  1512224632397,
];
const fast = commitsMs(fastTimes.map((t, i) => [792748079 + i, t, 0] as const));

const base = { lagEver: false, firstRewind: -1, stopped: false, stalled: false, recentZero: false };

const cases: Case[] = [
  {
    name: '0: zero lag somewhere in the window → OK',
    window: commits(rising),
    recentEnds: [5200],
    currentLag: 200,
    nowSeconds: 600,
    allowedLag: 0,
    expect: { ...base, lagEver: true, notDecreasing: true, status: 'OK' },
  },
  {
    name: '1: silence (400 s) equal to the span (400 s) is not yet a stop',
    window: commits(rising),
    recentEnds: [5200],
    currentLag: 200,
    nowSeconds: 900,
    allowedLag: 0,
    expect: { ...base, lagEver: true, notDecreasing: true, status: 'OK' },
  },
  {
    name: '2: silence longer than the span → STOP even though lag was zero at the start (#290)',
    window: commits(rising),
    recentEnds: [5200],
    currentLag: 200,
    nowSeconds: 1000,
    allowedLag: 0,
    expect: { ...base, lagEver: true, stopped: true, notDecreasing: true, status: 'STOP' },
  },
  {
    name: '3: STOP with lag never zero',
    window: commits(risingNoZero),
    recentEnds: [5250],
    currentLag: 250,
    nowSeconds: 1000,
    allowedLag: 0,
    expect: { ...base, stopped: true, notDecreasing: true, status: 'STOP' },
  },
  {
    name: '4: offsets never move but lag was zero at the start → OK (one more commit would make it STALL)',
    window: commits(stuckAfterZero),
    recentEnds: [1200],
    currentLag: 200,
    nowSeconds: 600,
    allowedLag: 0,
    expect: { ...base, lagEver: true, stalled: true, notDecreasing: true, status: 'OK' },
  },
  {
    name: '5: offsets never move and lag always non-zero → STALL',
    window: commits(stuck),
    recentEnds: [1300],
    currentLag: 300,
    nowSeconds: 600,
    allowedLag: 0,
    expect: { ...base, stalled: true, notDecreasing: true, status: 'STALL' },
  },
  {
    name: '6: STALL even when the lag stays the same',
    window: commits(stuck.map(([o, t]) => [o, t, 100])),
    recentEnds: [1100],
    currentLag: 100,
    nowSeconds: 600,
    allowedLag: 0,
    expect: { ...base, stalled: true, notDecreasing: true, status: 'STALL' },
  },
  {
    name: '7: a rewind recovered from within the window → OK',
    window: commits(rewoundRecovered),
    recentEnds: [4300],
    currentLag: 300,
    nowSeconds: 600,
    allowedLag: 0,
    expect: { ...base, firstRewind: 3, notDecreasing: false, status: 'OK' },
  },
  {
    name: '8: current lag 0 → OK even though the commits look stopped',
    window: commits(risingNoZero),
    recentEnds: [5250],
    currentLag: 0,
    nowSeconds: 1000,
    allowedLag: 0,
    expect: { ...base, stopped: true, notDecreasing: true, status: 'OK' },
  },
  {
    name: '9: new data after a quiet spell, commits stale, broker moved on → STOP (#290)',
    window: fast,
    recentEnds: [792749024, 792749000, 792748800, 792748600, 792748500],
    currentLag: 931,
    nowSeconds: 1512224650,
    allowedLag: 0,
    expect: { ...base, lagEver: true, stopped: true, notDecreasing: true, status: 'STOP' },
    // 17.6 s of silence is under Spillway's 60 s minStopMs: then Rule 1 (lag was zero) → OK.
    spillwayStatus: 'OK',
  },
  {
    name: '10: slow topic — a recent broker end was at the last commit → not STOP, OK (#303)',
    window: fast,
    recentEnds: [792748094, 792748093, 792748093, 792748093],
    currentLag: 1,
    nowSeconds: 1512224650,
    allowedLag: 0,
    expect: { ...base, lagEver: true, stopped: true, notDecreasing: true, recentZero: true, status: 'OK' },
  },
  {
    name: '11: commits with unknown lag are skipped by the lag rules',
    window: commits(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => [1000 + 500 * i, 100 + 50 * i, i % 2 === 0 ? 25 * i : null]),
    ),
    recentEnds: [5700],
    currentLag: 200,
    nowSeconds: 600,
    allowedLag: 0,
    expect: { ...base, lagEver: true, notDecreasing: true, status: 'OK' },
  },
  {
    name: '12: allowed lag 1 makes a lag of 1 OK although the commits look stopped',
    window: commits([
      [1000, 100, 2],
      [2000, 200, 1],
      [2000, 300, 1],
    ]),
    recentEnds: [2001],
    currentLag: 1,
    nowSeconds: 550,
    allowedLag: 1,
    expect: { ...base, lagEver: true, stopped: true, notDecreasing: false, status: 'OK' },
  },
  {
    name: '13: case 5 with allowed lag 99 → still STALL',
    window: commits(stuck),
    recentEnds: [1300],
    currentLag: 300,
    nowSeconds: 600,
    allowedLag: 99,
    expect: { ...base, stalled: true, notDecreasing: true, status: 'STALL' },
  },
  {
    name: '14: case 7 with allowed lag 99 → OK',
    window: commits(rewoundRecovered),
    recentEnds: [4300],
    currentLag: 300,
    nowSeconds: 600,
    allowedLag: 99,
    expect: { ...base, firstRewind: 3, notDecreasing: false, status: 'OK' },
  },
  {
    name: '15: a rewind not caught up → REWIND',
    window: commits([
      [1000, 100, 100],
      [2000, 200, 150],
      [3000, 300, 200],
      [2000, 400, 1250],
      [2500, 500, 300],
    ]),
    recentEnds: [4300],
    currentLag: 300,
    nowSeconds: 600,
    allowedLag: 0,
    expect: { ...base, firstRewind: 3, notDecreasing: false, status: 'REWIND' },
  },
];

describe("Burrow's evaluator cases", () => {
  for (const c of cases) {
    it(c.name, () => {
      const now = c.nowSeconds * 1000;
      expect({
        lagEver: lagEverWithinAllowance(c.window, c.allowedLag),
        firstRewind: rewindIndexes(c.window)[0] ?? -1,
        stopped: commitsStopped(c.window, now, 0),
        stalled: offsetsStalled(c.window),
        notDecreasing: lagNotDecreasing(c.window),
        recentZero: recentlyCaughtUp(c.window, c.recentEnds),
        status: undefined,
      }).toEqual({ ...c.expect, status: undefined });
      const input = { commits: c.window, currentLag: c.currentLag, recentEnds: c.recentEnds, now };
      const burrow = evaluatePartitionStatus(input, { ...BURROW_STATUS_CONFIG, allowedLag: c.allowedLag });
      expect(burrow.status).toBe(c.expect.status);
      const spillway = evaluatePartitionStatus(input, { ...DEFAULT_STATUS_CONFIG, allowedLag: c.allowedLag });
      expect(spillway.status).toBe(c.spillwayStatus ?? c.expect.status);
    });
  }
});
