import { describe, expect, it } from 'vitest';
import { ClusterLoop, type RoundOutcome } from './cluster-loop';

const outcome = (groups = 1): RoundOutcome => ({
  issues: [],
  groups,
  partitions: 2,
  queues: 0,
  statusCounts: { OK: groups, WARN: 0, ERR: 0, STOP: 0, STALL: 0, REWIND: 0 },
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('ClusterLoop', () => {
  it('records success, then a failure with its message, then recovers', async () => {
    const results: Array<() => Promise<RoundOutcome>> = [
      async () => outcome(3),
      async () => {
        throw new Error('c1: unavailable: connect ECONNREFUSED 127.0.0.1:1\n    at somewhere');
      },
      async () => {
        throw new Error('c1: still down');
      },
      async () => outcome(4),
    ];
    const loop = new ClusterLoop(
      'c1',
      'kafka',
      () => (results.shift() as () => Promise<RoundOutcome>)(),
      1000,
      1000,
    );
    expect(loop.health()).toMatchObject({ state: 'pending', reachable: null, rounds: 0 });
    await loop.runOnce();
    expect(loop.health()).toMatchObject({
      state: 'ok',
      reachable: true,
      rounds: 1,
      groups: 3,
      lastError: null,
    });
    await loop.runOnce();
    await loop.runOnce();
    const down = loop.health();
    expect(down).toMatchObject({
      state: 'unreachable',
      reachable: false,
      lastError: 'c1: still down',
      consecutiveFailures: 2,
      rounds: 1,
      groups: 3,
    });
    expect(down.lastSuccessAt).not.toBeNull();
    await loop.runOnce();
    expect(loop.health()).toMatchObject({
      state: 'ok',
      consecutiveFailures: 0,
      lastError: null,
      rounds: 2,
      groups: 4,
    });
  });

  it('marks a round that overruns its deadline unreachable, then slow when it answers late', async () => {
    const hung = deferred<RoundOutcome>();
    const loop = new ClusterLoop('c2', 'kafka', () => hung.promise, 1000, 30);
    await loop.runOnce();
    expect(loop.health()).toMatchObject({
      state: 'unreachable',
      lastError: 'no answer within 30 ms',
      consecutiveFailures: 1,
    });
    hung.resolve(outcome());
    await until(() => loop.health().state !== 'unreachable');
    expect(loop.health()).toMatchObject({
      state: 'slow',
      reachable: true,
      consecutiveFailures: 0,
      rounds: 1,
    });
  });

  it('never starts a second round while one hangs, and never delays another cluster', async () => {
    let started = 0;
    const hung = deferred<RoundOutcome>();
    const stuck = new ClusterLoop(
      'stuck',
      'kafka',
      () => {
        started++;
        return hung.promise;
      },
      20,
      20,
    );
    let fastRounds = 0;
    const fast = new ClusterLoop(
      'fast',
      'rabbitmq',
      async () => {
        fastRounds++;
        return outcome();
      },
      20,
      20,
    );
    stuck.start();
    fast.start();
    try {
      await until(() => fastRounds >= 5 && stuck.health().consecutiveFailures >= 3);
      expect(started).toBe(1);
      expect(stuck.health().lastError).toMatch(/no answer within 20 ms/);
      expect(fast.health()).toMatchObject({ state: 'ok', consecutiveFailures: 0 });
      hung.reject(new Error('stuck: unavailable: timed out'));
      await until(() => started >= 2);
    } finally {
      stuck.stop();
      fast.stop();
    }
  });
});
