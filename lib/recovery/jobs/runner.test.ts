import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../logger';
import { JobConflictError, openStore, type Store } from '../../store';
import { controlJob } from './control';
import { jobProgress } from './progress';
import { registerJobKind } from './registry';
import { JobRunner } from './runner';
import type { JobEnv } from './types';

// A toy kind: counts from the checkpoint to plan.total in batches of 10, committing each batch.
const calls = { restore: 0, cancel: 0, failAt: -1 };
registerJobKind({
  kind: 'test-count',
  planSchema: z.object({ total: z.number() }),
  checkpointSchema: z.object({ at: z.number() }).catch({ at: 0 }),
  async run(ctx) {
    let at = ctx.checkpoint().at;
    while (at < ctx.plan.total) {
      if (ctx.signal.aborted) return 'stopped';
      if (at === calls.failAt) throw new Error('broker went away');
      await ctx.limiter.acquire(10, ctx.signal);
      await new Promise((r) => setTimeout(r, 2));
      at += 10;
      ctx.commit({ at }, 10, ctx.plan.total);
    }
    return 'completed';
  },
  async restore() {
    calls.restore += 1;
    return 'completed';
  },
  async cancel() {
    calls.cancel += 1;
  },
});

const env: JobEnv = {
  cluster: () => {
    throw new Error('no clusters in this test');
  },
};
const actor = { name: 'cli:test', role: 'admin' as const, via: 'cli' as const };
const log = createLogger('test', { level: 'error' });

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'spillway-jobs-'));
  store = openStore(dir);
  calls.restore = 0;
  calls.cancel = 0;
  calls.failAt = -1;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const create = (total: number, sourceKey = 'test:a', rateLimit: number | null = null) =>
  store.jobs.create({
    kind: 'test-count',
    sourceKey,
    cluster: 'c',
    target: 't',
    runner: 'cli',
    plan: { total },
    total,
    rateLimit,
    createdBy: actor.name,
  });

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

describe('JobRunner', () => {
  it('runs a job to completion, committing checkpoint and progress together', async () => {
    const job = create(200);
    const outcome = await new JobRunner({ store, env, log }).runJob(job.id);
    const done = store.jobs.require(job.id);
    expect(outcome).toBe('completed');
    expect(done).toMatchObject({
      state: 'completed',
      done: 200,
      total: 200,
      checkpoint: { at: 200 },
      owner: null,
    });
    expect(jobProgress(store, done)).toMatchObject({ done: 200, fraction: 1, etaSeconds: 0 });
    expect(store.auditLog.list({ action: 'test-count.' }).map((e) => e.action)).toContain(
      'test-count.completed',
    );
  });

  it('allows one active job per source', () => {
    const a = create(10);
    expect(() => create(10)).toThrow(JobConflictError);
    expect(() => create(10)).toThrow(a.id);
    expect(create(10, 'test:b').state).toBe('planned');
  });

  it('pauses, resumes and cancels through the store (as another process would)', async () => {
    const job = create(100_000, 'test:a', 2000);
    const runner = new JobRunner({ store, env, log });
    const run = runner.runJob(job.id, { stayWhilePaused: true });
    await until(() => store.jobs.require(job.id).done > 0);
    controlJob(store, job.id, 'pause', actor);
    await until(() => store.jobs.require(job.id).state === 'paused');
    const pausedAt = store.jobs.require(job.id).done;
    await new Promise((r) => setTimeout(r, 700));
    expect(store.jobs.require(job.id).done).toBe(pausedAt);
    expect(store.jobs.require(job.id).checkpoint).toEqual({ at: pausedAt });
    controlJob(store, job.id, 'resume', actor);
    await until(() => store.jobs.require(job.id).done > pausedAt);
    controlJob(store, job.id, 'cancel', actor);
    expect(await run).toBe('cancelled');
    expect(calls.cancel).toBe(1);
    expect(store.jobs.require(job.id).state).toBe('cancelled');
    expect(() => controlJob(store, job.id, 'resume', actor)).toThrow(/cancelled/);
    const actions = store.auditLog.list({ target: job.id }).map((e) => `${e.action}:${e.result}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'test-count.pause:ok',
        'test-count.resume:ok',
        'test-count.cancel:ok',
        'test-count.resume:error',
      ]),
    );
  });

  it('restores when asked and completes', async () => {
    const job = create(100_000);
    const run = new JobRunner({ store, env, log }).runJob(job.id, { stayWhilePaused: true });
    await until(() => store.jobs.require(job.id).done > 0);
    controlJob(store, job.id, 'restore', actor);
    expect(await run).toBe('completed');
    expect(calls.restore).toBe(1);
  });

  it('a stopped runner releases the lease and another runner resumes from the checkpoint', async () => {
    const job = create(3000, 'test:a', 5000);
    const first = new JobRunner({ store, env, log });
    const run = first.runJob(job.id, { stayWhilePaused: true });
    await until(() => store.jobs.require(job.id).done >= 100);
    const second = new JobRunner({ store, env, log });
    expect(() => second.runJob(job.id)).toThrow(/another process/);
    await first.stop();
    expect(await run).toBe('released');
    const stopped = store.jobs.require(job.id);
    expect(stopped.owner).toBeNull();
    store.jobs.setRateLimit(job.id, null);
    const resumed = second.runJob(job.id);
    expect(await resumed).toBe('completed');
    expect(store.jobs.require(job.id)).toMatchObject({ done: 3000, checkpoint: { at: 3000 } });
  });

  it('an owner whose lease went stale is fenced: its commits fail once another runner adopts the job', () => {
    const job = create(100);
    expect(store.jobs.claim(job.id, 'host/1/a', { staleBefore: 0 })).toBe(true);
    expect(store.jobs.claim(job.id, 'host/2/b', { staleBefore: 0 })).toBe(false);
    expect(store.jobs.claim(job.id, 'host/2/b', { staleBefore: Date.now() + 1 })).toBe(true);
    expect(() => store.jobs.commit(job.id, 'host/1/a', { at: 10 }, 10)).toThrow(/no longer owns/);
    expect(store.jobs.commit(job.id, 'host/2/b', { at: 10 }, 10)).toEqual({ done: 10, total: 100 });
  });

  it('an error pauses the job with the reason; resume continues from the last checkpoint', async () => {
    calls.failAt = 50;
    const job = create(100);
    const runner = new JobRunner({ store, env, log });
    expect(await runner.runJob(job.id)).toBe('paused');
    const paused = store.jobs.require(job.id);
    expect(paused).toMatchObject({ state: 'paused', done: 50, error: 'run: broker went away', owner: null });
    calls.failAt = -1;
    controlJob(store, job.id, 'resume', actor);
    expect(await runner.runJob(job.id)).toBe('completed');
    expect(store.jobs.require(job.id).done).toBe(100);
  });
});
