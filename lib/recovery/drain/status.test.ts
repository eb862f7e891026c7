import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type JobRecord, openStore, type Store } from '../../store';
import { type DrainLive, drainProjection, wantsSecondReading } from './status';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'spillway-drain-status-'));
  store = openStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function job(over: Partial<JobRecord>): JobRecord {
  n += 1;
  const created = store.jobs.create({
    kind: 'drain-kafka',
    sourceKey: `kafka:c/t${n}/g`,
    cluster: 'c',
    target: 't/g',
    runner: 'cli',
    plan: {},
    total: 10_000,
    rateLimit: null,
    createdBy: 'cli:test',
  });
  return { ...created, state: 'running', ...over };
}
const live = (tempLag: number | null): DrainLive => ({ workers: 30, tempLag, extra: {}, error: null });

describe('drainProjection: the workers’ rate and projected finish', () => {
  it('is unknown after one reading, then follows what the workers consumed between readings', () => {
    const t0 = 1_000_000;
    const j = job({ done: 4000, total: 10_000 });
    const first = drainProjection(j, live(3000), null, { now: t0 });
    expect(first).toEqual({ workersRate: null, finishSeconds: null });
    expect(wantsSecondReading(j, t0 + 200)).toBe(true);
    // 2 s later: 2,000 more dispatched, the lag down to 1,000 → the workers consumed 4,000 in 2 s.
    const later = drainProjection({ ...j, done: 6000 }, live(1000), null, { now: t0 + 2000 });
    expect(later.workersRate).toBe(2000);
    // Left for the workers: the temp lag plus 4,000 still to dispatch, at 2,000 msg/s.
    expect(later.finishSeconds).toBe(3);
    expect(wantsSecondReading(j, t0 + 2100)).toBe(false);
  });

  it('is 0 once everything is dispatched and consumed, and never before the dispatch null', () => {
    const t0 = 2_000_000;
    const j = job({ done: 10_000, total: 10_000 });
    expect(drainProjection(j, live(0), null, { now: t0 }).finishSeconds).toBe(0);
    const slow = job({ done: 1000, total: 100_000 });
    drainProjection(slow, live(500), null, { now: t0 });
    const s = drainProjection({ ...slow, done: 1000 }, live(0), null, { now: t0 + 1000 });
    // The workers ate 500 in 1 s, but 99,000 are still to dispatch.
    expect(s.workersRate).toBe(500);
    expect(s.finishSeconds).toBe(198);
    // The dispatcher says 500 s: the workers cannot finish before it.
    expect(drainProjection({ ...slow, done: 1000 }, live(0), 500, { now: t0 + 1500 }).finishSeconds).toBe(
      500,
    );
  });

  it('leaves the projection out when the temp lag cannot be read or the job is over', () => {
    const j = job({ done: 10, total: 100 });
    drainProjection(j, live(null), null, { now: 3_000_000 });
    expect(drainProjection(j, live(null), null, { now: 3_002_000 })).toMatchObject({
      workersRate: null,
      finishSeconds: null,
    });
    const over = job({ state: 'completed', done: 100, total: 100 });
    expect(drainProjection(over, live(5), null, { now: 3_000_000 }).workersRate).toBeNull();
    expect(wantsSecondReading(over)).toBe(false);
  });
});
