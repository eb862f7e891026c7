import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './index';
import { groupPartitionSeries, groupSeries, partitionSeries, queueSeries } from './lag';

const MIN = 60_000;
let store: Store | undefined;
afterEach(() => store?.close());

function open(): Store {
  store = openStore(mkdtempSync(path.join(tmpdir(), 'spillway-lag-store-')));
  return store;
}

const groupRow = (t: number, lag: number, status = 0) => ({
  t,
  lag,
  lagMs: lag * 10,
  inRate: 2,
  outRate: 1,
  etaSeconds: null,
  status,
  partitions: 3,
  members: 1,
});

describe('lag history store', () => {
  it('gives each series one stable id, found again after reopen', () => {
    const s = open();
    const a = s.lag.series.id(groupSeries('c', 'g'));
    expect(s.lag.series.id(groupSeries('c', 'g'))).toBe(a);
    expect(s.lag.series.id(groupPartitionSeries('c', 'g', 't', 0))).not.toBe(a);
    expect(s.lag.series.id(partitionSeries('c', 't', 0))).not.toBe(a);
    expect(s.lag.series.find(queueSeries('c', '/', 'q'))).toBeUndefined();
    expect(s.lag.series.list('c', 'group')).toEqual([{ id: a, name: 'g', sub: '', part: -1 }]);
  });

  it('writes a round in one transaction and reads commits, offsets and the last group row back', () => {
    const s = open();
    const gp = s.lag.series.id(groupPartitionSeries('c', 'g', 't', 0));
    const p = s.lag.series.id(partitionSeries('c', 't', 0));
    const g = s.lag.series.id(groupSeries('c', 'g'));
    s.lag.history.writeRound({
      offsets: [
        [p, { t: 1000, logStart: 0, end: 10 }],
        [p, { t: 2000, logStart: 0, end: 20 }],
      ],
      commits: [
        [gp, { t: 1000, committed: null, status: 0 }],
        [gp, { t: 2000, committed: 5, status: 1 }],
        [gp, { t: 3000, committed: 7, status: 1 }],
      ],
      groups: [[g, groupRow(3000, 13, 1)]],
      queues: [],
    });
    expect(s.lag.history.lastCommits(gp, 2)).toEqual([
      { t: 2000, committed: 5, status: 1 },
      { t: 3000, committed: 7, status: 1 },
    ]);
    expect(s.lag.history.commitsSince(gp, 2500)).toEqual([{ t: 3000, committed: 7, status: 1 }]);
    expect(s.lag.history.offsets(p, 0).map((r) => r.end)).toEqual([10, 20]);
    expect(s.lag.history.lastGroup(g)).toMatchObject({ t: 3000, lag: 13, status: 1 });
  });

  it('serves history from rollups before rawFrom and raw rows after it, bucketed by step', () => {
    const s = open();
    const g = s.lag.series.id(groupSeries('c', 'g'));
    const base = 100 * MIN;
    const rows = Array.from({ length: 12 }, (_, i) => [g, groupRow(base + i * 30_000, i, i === 3 ? 3 : 0)]);
    s.lag.history.writeRound({ offsets: [], commits: [], groups: rows as never, queues: [] });
    // Roll up the first three minutes, then delete their raw rows.
    expect(s.lag.retention.rollupChunk('group', base, base + 3 * MIN, 0, 100)).toBe(g);
    expect(s.lag.retention.rollupChunk('group', base, base + 3 * MIN, g, 100)).toBeNull();
    expect(s.lag.retention.pruneChunk('lag_groups_raw', base + 3 * MIN, 0, 100)).toEqual({
      lastId: g,
      deleted: 6,
    });
    const points = s.lag.charts.groupHistory(g, {
      from: base,
      to: base + 6 * MIN,
      stepMs: MIN,
      rawFrom: base + 3 * MIN,
    });
    expect(points.map((p) => p.t)).toEqual([0, 1, 2, 3, 4, 5].map((i) => base + i * MIN));
    expect(points.map((p) => p.lag)).toEqual([0.5, 2.5, 4.5, 6.5, 8.5, 10.5]);
    expect(points.map((p) => p.lagMax)).toEqual([1, 3, 5, 7, 9, 11]);
    expect(points[1]?.status).toBe(3);
    expect(points.every((p) => p.samples === 2)).toBe(true);
    // Two-minute buckets straddling the raw/rollup boundary are merged.
    const coarse = s.lag.charts.groupHistory(g, {
      from: base,
      to: base + 6 * MIN,
      stepMs: 2 * MIN,
      rawFrom: base + 3 * MIN,
    });
    expect(coarse.map((p) => [p.t - base, p.samples, p.lag])).toEqual([
      [0, 4, 1.5],
      [2 * MIN, 4, 5.5],
      [4 * MIN, 4, 9.5],
    ]);
  });

  it('rolls up queues and prunes rollups by bucket', () => {
    const s = open();
    const q = s.lag.series.id(queueSeries('c', '/', 'q'));
    const base = 10 * MIN;
    s.lag.history.writeRound({
      offsets: [],
      commits: [],
      groups: [],
      queues: [0, 20_000, 40_000].map((dt, i) => [
        q,
        {
          t: base + dt,
          ready: 10 * i,
          unacked: 1,
          consumers: 2 - i,
          publishRate: 1,
          outRate: null,
          lagMs: null,
          etaSeconds: null,
          status: i,
        },
      ]),
    });
    s.lag.retention.rollupChunk('queue', base, base + MIN, 0, 10);
    const [point] = s.lag.charts.queueHistory(q, {
      from: base,
      to: base + MIN,
      stepMs: MIN,
      rawFrom: base + MIN,
    });
    expect(point).toMatchObject({
      t: base,
      samples: 3,
      messages: 11,
      messagesMax: 21,
      consumers: 0,
      status: 2,
    });
    expect(point?.outRate).toBeNull();
    expect(s.lag.retention.pruneChunk('lag_queues_1m', base + MIN, 0, 10).deleted).toBe(1);
    expect(s.lag.retention.counts().lag_queues_1m).toBe(0);
  });
});
