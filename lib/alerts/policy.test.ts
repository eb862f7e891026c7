import { describe, expect, it } from 'vitest';
import type { Status } from '../lag/types';
import { backoffMs } from './defaults';
import { alertPayload } from './payload';
import { shouldAlert } from './policy';
import { displayUrl } from './webhook';

describe('shouldAlert', () => {
  const run = (statuses: Status[]) => {
    let last: Status | undefined;
    return statuses.map((to) => {
      const yes = shouldAlert({ to }, last);
      if (yes) last = to;
      return yes;
    });
  };

  it('alerts entering ERR/STOP/STALL and the return to OK, once each', () => {
    expect(run(['OK', 'STOP', 'STOP', 'OK', 'OK'])).toEqual([false, true, false, true, false]);
    expect(run(['ERR', 'STALL', 'ERR'])).toEqual([true, true, true]);
  });

  it('does not alert WARN or REWIND, nor an OK nobody was warned about', () => {
    expect(run(['WARN', 'REWIND', 'OK'])).toEqual([false, false, false]);
  });

  it('a wobble through WARN is not news; the recovery via WARN is', () => {
    expect(run(['ERR', 'WARN', 'ERR', 'WARN', 'OK'])).toEqual([true, false, false, false, true]);
  });
});

describe('alert payload and helpers', () => {
  it('payload: firing and resolved, with a human line', () => {
    const base = {
      id: 7,
      cluster: 'prod',
      kind: 'group' as const,
      entity: 'billing',
      at: 0,
      createdAt: 0,
      deliveries: [],
    };
    const p = alertPayload({ ...base, from: 'OK', to: 'STOP', lag: 1200, lagSeconds: 61.4 });
    expect(p).toMatchObject({
      type: 'spillway.status-transition',
      version: 1,
      id: 7,
      state: 'firing',
      at: '1970-01-01T00:00:00.000Z',
    });
    expect(p.text).toBe('[STOP] prod consumer group billing: OK → STOP (lag 1200 message(s), 61 s behind)');
    const r = alertPayload({ ...base, from: 'STOP', to: 'OK', lag: null, lagSeconds: null });
    expect(r.state).toBe('resolved');
    expect(r.text).toBe('[RESOLVED] prod consumer group billing: STOP → OK');
  });

  it('webhook URLs are shown without path, query or credentials', () => {
    expect(displayUrl('https://hooks.slack.com/services/T0/B0/secret')).toBe('https://hooks.slack.com/…');
    expect(displayUrl('http://user:pw@127.0.0.1:8080/?token=x')).toBe('http://127.0.0.1:8080');
  });

  it('backoff doubles up to the cap, with bounded jitter', () => {
    const p = { initialMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, p, () => 0.5))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(1, p, () => 0)).toBe(80);
    expect(backoffMs(1, p, () => 1)).toBe(120);
  });
});
