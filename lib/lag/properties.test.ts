// Properties of the lag maths, checked with fast-check over random inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drainEta, slowestEta } from './eta';
import { lagTotals, partitionLag } from './offsets';
import { windowedRate } from './rates';
import { compareStatus, worstStatus } from './severity';
import { evaluatePartitionStatus } from './status';
import { exactTimeLag, interpolatedTimeLag, timeLag } from './time-lag';
import { BURROW_STATUS_CONFIG, type CounterSample, DEFAULT_STATUS_CONFIG, STATUSES } from './types';
import { recordCommit } from './window';

const offset = fc.integer({ min: 0, max: 1e12 });
const maybeOffset = fc.option(fc.integer({ min: -1, max: 1e12 }), { nil: null });
const rate = fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null });
const status = fc.constantFrom(...STATUSES);

/** A non-decreasing HWM history with strictly increasing times, starting at t0 (ms). */
const hwmHistory = fc
  .tuple(
    fc.integer({ min: 0, max: 1e6 }),
    fc.array(fc.tuple(fc.integer({ min: 1, max: 600_000 }), fc.integer({ min: 0, max: 10_000 })), {
      minLength: 1,
      maxLength: 30,
    }),
  )
  .map(([start, steps]) => {
    let t = 1_700_000_000_000;
    let value = start;
    const out: CounterSample[] = [{ t, value }];
    for (const [dt, dv] of steps) {
      t += dt;
      value += dv;
      out.push({ t, value });
    }
    return out;
  });

describe('properties', () => {
  it('offset lag is never negative and matches max(0, end − max(committed, logStart))', () => {
    fc.assert(
      fc.property(maybeOffset, offset, offset, (committed, logStart, end) => {
        const l = partitionLag({ topic: 't', partition: 0, committed, logStart, end });
        if (committed === null || committed < 0) return l.lag === null && l.noCommit;
        return l.lag === Math.max(0, end - Math.max(committed, logStart)) && (l.lag ?? -1) >= 0;
      }),
    );
  });

  it('totals: sum of known lags, and the max-lag partition has the largest lag', () => {
    const part = fc
      .tuple(maybeOffset, offset, offset, fc.nat(100))
      .map(([committed, logStart, end, partition]) =>
        partitionLag({ topic: 't', partition, committed, logStart, end }),
      );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 20 }), (parts) => {
        const totals = lagTotals(parts);
        const known = parts.flatMap((p) => (p.lag === null ? [] : [p.lag]));
        expect(totals.lag).toBe(known.length === 0 ? null : known.reduce((a, b) => a + b, 0));
        for (const k of known) expect(totals.maxLag?.lag ?? -1).toBeGreaterThanOrEqual(k);
      }),
    );
  });

  it('ETA is never negative or infinite, and backlog = seconds × (out − in) when draining', () => {
    fc.assert(
      fc.property(fc.option(offset, { nil: null }), rate, rate, (backlog, inRate, outRate) => {
        const eta = drainEta({ backlog, inRate, outRate });
        if (eta.seconds !== null) {
          expect(Number.isFinite(eta.seconds)).toBe(true);
          expect(eta.seconds).toBeGreaterThanOrEqual(0);
        }
        if (eta.state === 'draining') {
          expect((eta.seconds ?? 0) * (eta.netRatePerSecond ?? 0)).toBeCloseTo(backlog ?? 0, 0);
        }
        if (backlog === 0) expect(eta.seconds).toBe(0);
      }),
    );
  });

  it("the group's ETA is at least every draining partition's ETA", () => {
    const eta = fc
      .tuple(fc.option(offset, { nil: null }), rate, rate)
      .map(([backlog, inRate, outRate]) => drainEta({ backlog, inRate, outRate }));
    fc.assert(
      fc.property(fc.array(eta, { maxLength: 10 }), (etas) => {
        const g = slowestEta(etas);
        if (g.seconds === null) return;
        for (const e of etas) if (e.seconds !== null) expect(g.seconds).toBeGreaterThanOrEqual(e.seconds);
      }),
    );
  });

  it('interpolated time lag is never negative and never increases as the committed offset grows', () => {
    fc.assert(
      fc.property(
        hwmHistory,
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (history, after, f1, f2) => {
          const last = history.at(-1) as CounterSample;
          const first = history[0] as CounterSample;
          const now = last.t + after;
          const span = last.value - first.value + 50;
          const low = first.value - 50 + Math.floor(Math.min(f1, f2) * span);
          const high = first.value - 50 + Math.floor(Math.max(f1, f2) * span);
          const a = interpolatedTimeLag(Math.max(0, low), last.value, now, history.slice(0, -1));
          const b = interpolatedTimeLag(Math.max(0, high), last.value, now, history.slice(0, -1));
          for (const x of [a, b]) {
            if (x.seconds !== null) expect(x.seconds).toBeGreaterThanOrEqual(0);
            if (x.atLeastSeconds !== null) expect(x.atLeastSeconds).toBeGreaterThanOrEqual(0);
          }
          if (a.seconds !== null && b.seconds !== null)
            expect(a.seconds).toBeGreaterThanOrEqual(b.seconds - 1e-9);
        },
      ),
    );
  });

  it('time lag (any method) is never negative, never infinite', () => {
    fc.assert(
      fc.property(
        maybeOffset,
        offset,
        offset,
        fc.integer({ min: 0, max: 2e12 }),
        fc.option(fc.integer({ min: 0, max: 2e12 }), { nil: null }),
        hwmHistory,
        (committed, logStart, end, now, ts, history) => {
          const lag = timeLag({
            committed,
            logStart,
            end,
            now,
            committedRecordTimestamp: ts,
            hwmHistory: history,
          });
          if (lag.seconds !== null) {
            expect(Number.isFinite(lag.seconds)).toBe(true);
            expect(lag.seconds).toBeGreaterThanOrEqual(0);
          }
          expect(exactTimeLag(ts ?? 0, now).seconds).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('rates are never negative', () => {
    const sample = fc.record({
      t: fc.integer({ min: 0, max: 120_000 }),
      value: fc.integer({ min: 0, max: 1e9 }),
    });
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 30 }), (samples) => {
        const r = windowedRate(samples, { now: 120_000, windowMs: 60_000 });
        if (r.perSecond !== null) expect(r.perSecond).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('status: a known status always; OK whenever the current lag is within the allowance', () => {
    const commit = fc.record({
      t: fc.integer({ min: 0, max: 1e7 }),
      offset: fc.integer({ min: 0, max: 1e6 }),
      lag: fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(commit, { maxLength: 15 }),
        fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: null }),
        fc.integer({ min: 0, max: 2e7 }),
        fc.integer({ min: 0, max: 100 }),
        fc.boolean(),
        (raw, currentLag, now, allowedLag, burrow) => {
          const config = { ...(burrow ? BURROW_STATUS_CONFIG : DEFAULT_STATUS_CONFIG), allowedLag };
          const commits = raw.reduce(
            (w, c) => recordCommit(w, c, config),
            [] as ReturnType<typeof recordCommit>,
          );
          expect(commits.length).toBeLessThanOrEqual(config.windowSize);
          const s = evaluatePartitionStatus({ commits, currentLag, now }, config);
          expect(STATUSES).toContain(s.status);
          if (currentLag !== null && currentLag <= allowedLag) expect(s.status).toBe('OK');
          if (s.status === 'ERR') throw new Error('partitions never get ERR');
        },
      ),
    );
  });

  it('worst status is order-independent and at least as severe as each', () => {
    fc.assert(
      fc.property(fc.array(status, { maxLength: 10 }), (ss) => {
        const w = worstStatus(ss);
        expect(worstStatus([...ss].reverse())).toBe(w);
        for (const s of ss) expect(compareStatus(w, s)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
