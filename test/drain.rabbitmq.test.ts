// The RabbitMQ drain as a job, through the job runner, against the real RabbitMQ (a vhost per suite):
// - 100,000 messages with a header key (1,000 keys × per-key sequence numbers) in a durable queue; factor
//   10; 10 workers (one per temp queue, 1 ms handler); every message delivered at least once, each key on
//   one temp queue, per-key sequence strictly increasing, provenance headers on every copy. Restore is
//   asked, then 500 more messages are published: they stay on the source (the cut-over). The restore
//   completes once the temp queues are empty: they are gone, and a consumer of the source then sees exactly
//   the 500 later messages, each after its key's backlog.
// - 20,000 messages; the dispatcher's connection is closed by the broker (management API) mid-dispatch:
//   the job restarts its dispatcher by itself and nothing is lost; duplicates are counted and each one is a
//   redelivery the dispatcher marked (they can only come from the kill).
// - 10,000 messages at --rate 2000 without workers: pause mid-dispatch (every message is then either on
//   the source or in exactly one temp queue), resume to the end, cancel: the temp queues are kept (listed
//   in the checkpoint), nothing is deleted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'amqplib';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createLogger } from '../lib/logger';
import { createRabbitDrain } from '../lib/recovery/drain-rabbitmq/create';
import { dispatcherConnectionName } from '../lib/recovery/drain-rabbitmq/dispatcher';
import { drainRabbitKind } from '../lib/recovery/drain-rabbitmq/kind';
import { DrainRabbit } from '../lib/recovery/drain-rabbitmq/rabbit';
import { deleteTempQueues } from '../lib/recovery/drain-rabbitmq/restore';
import { drainRabbitCheckpoint, drainRabbitPlan } from '../lib/recovery/drain-rabbitmq/types';
import { controlJob, JobRunner } from '../lib/recovery/jobs';
import type { JobEnv } from '../lib/recovery/jobs/types';
import { openStore, type Store } from '../lib/store';
import {
  backlogMessage,
  drainCluster,
  killConnection,
  publishBacklog,
  queueNames,
  startWorkers,
  vhostUrl,
} from './helpers/drain-rabbit';
import { describeService, eventually, uniqueName } from './helpers/services';
import { createTestVhost, deleteTestVhost } from './helpers/source-rabbitmq';

const actor = { name: 'cli:test', role: 'admin' as const, via: 'cli' as const };
const log = createLogger('test', { level: 'error' });

describeService(['rabbitmq', 'rabbitmq-management'], 'RabbitMQ drain job', () => {
  const vhost = uniqueName('drain-job');
  const env: JobEnv = { cluster: () => drainCluster(vhost) };
  let dir: string;
  let store: Store;
  let runner: JobRunner;

  beforeAll(async () => {
    await createTestVhost(vhost);
  });
  afterAll(async () => {
    await deleteTestVhost(vhost);
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'spillway-drain-rabbit-'));
    store = openStore(dir);
    runner = new JobRunner({ store, env, log });
  });
  afterEach(async () => {
    await runner.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const waitFor = (what: string, cond: () => boolean, timeoutMs = 120_000) =>
    eventually(() => (cond() ? true : undefined), { timeoutMs, intervalMs: 200, what });

  it('drains 100,000 keyed messages with factor 10 in per-key order, then restores at a cut-over', async () => {
    const TOTAL = 100_000;
    const KEYS = 1_000;
    const AFTER = 500;
    const t0 = Date.now();
    await publishBacklog(vhost, 'orders', { to: TOTAL, keys: KEYS, declare: 'classic' });
    const t1 = Date.now();
    const job = await createRabbitDrain(
      store,
      env,
      { cluster: 'rabbit-drain-test', vhost, queue: 'orders', key: 'header:orderId', factor: 10 },
      actor,
      'cli',
      runner.owner,
    );
    const plan = drainRabbitPlan.parse(job.plan);
    expect(plan.tempQueues).toEqual([...Array(10).keys()].map((i) => `orders.drain.${job.id}.${i}`));
    expect(job.total).toBe(TOTAL);
    const workers = await startWorkers(vhost, plan.tempQueues, job.id, 1);
    const t2 = Date.now();
    const outcome = runner.runJob(job.id, { stayWhilePaused: true });
    await waitFor('every message dispatched', () => (store.jobs.get(job.id)?.done ?? 0) >= TOTAL);
    const t3 = Date.now();
    const live = await drainRabbitKind.view?.(store.jobs.require(job.id), env);
    expect(live?.tempQueues).toEqual(plan.tempQueues);
    expect(live?.workers).toBe(10);

    controlJob(store, job.id, 'restore', actor);
    await waitFor('restoring', () => store.jobs.get(job.id)?.state === 'restoring', 15_000);
    await publishBacklog(vhost, 'orders', { from: TOTAL, to: TOTAL + AFTER, keys: KEYS });
    expect(await outcome).toBe('completed');
    const t4 = Date.now();
    await workers.close();

    const done = store.jobs.require(job.id);
    const cp = drainRabbitCheckpoint.parse(done.checkpoint);
    expect(done.state).toBe('completed');
    expect(done.done).toBe(TOTAL);
    expect(cp).toMatchObject({ dispatched: TOTAL, keyless: 0, redelivered: 0, restoreStep: 'deleted' });
    const { tally } = workers;
    expect(tally.seen.size).toBe(TOTAL);
    expect(tally.duplicates).toBe(0);
    expect(tally.orderViolations).toEqual([]);
    expect(tally.splitKeys).toEqual([]);
    expect(tally.missingProvenance).toBe(0);
    expect(await queueNames(vhost)).toEqual(['orders']);

    // The original consumer resumes: exactly the messages published after the cut-over, in key order.
    const model = await connect(vhostUrl(vhost));
    const ch = await model.createChannel();
    const after: string[] = [];
    for (;;) {
      const m = await ch.get('orders', { noAck: true });
      if (!m) break;
      const id = String(m.properties.messageId);
      const [key, seq] = id.split(':');
      expect(Number(seq)).toBeGreaterThan(tally.lastSeq.get(key as string) ?? -1);
      after.push(id);
    }
    await model.close();
    expect(after).toEqual([...Array(AFTER).keys()].map((i) => backlogMessage(TOTAL + i, KEYS).id));
    const actions = store.auditLog.list({ target: job.id }).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'drain-rabbitmq.start',
        'drain-rabbitmq.temp-queues-deleted',
        'drain-rabbitmq.restored',
      ]),
    );
    console.log(
      `drain job: publish ${TOTAL} ${t1 - t0} ms, create (plan+declare+verify) ${t2 - t1} ms, dispatch ${t3 - t2} ms, restore incl. workers finishing ${t4 - t3} ms`,
    );
  }, 300_000);

  it('restarts its dispatcher when the broker closes the connection mid-dispatch, losing nothing', async () => {
    const TOTAL = 20_000;
    const KEYS = 200;
    await publishBacklog(vhost, 'payments', { to: TOTAL, keys: KEYS, declare: 'classic' });
    const job = await createRabbitDrain(
      store,
      env,
      { cluster: 'rabbit-drain-test', vhost, queue: 'payments', key: 'header:orderId', factor: 4 },
      actor,
      'cli',
      runner.owner,
    );
    const plan = drainRabbitPlan.parse(job.plan);
    const workers = await startWorkers(vhost, plan.tempQueues, job.id, 0);
    const outcome = runner.runJob(job.id, { stayWhilePaused: true });
    await waitFor('a quarter dispatched', () => (store.jobs.get(job.id)?.done ?? 0) >= TOTAL / 4);
    await killConnection(dispatcherConnectionName(job.id));
    await waitFor(
      'a restart',
      () => drainRabbitCheckpoint.parse(store.jobs.get(job.id)?.checkpoint).restarts >= 1,
    );
    await waitFor('every message dispatched', () => (store.jobs.get(job.id)?.done ?? 0) >= TOTAL);
    controlJob(store, job.id, 'restore', actor);
    expect(await outcome).toBe('completed');
    await workers.close();
    const cp = drainRabbitCheckpoint.parse(store.jobs.require(job.id).checkpoint);
    const { tally } = workers;
    expect(tally.seen.size).toBe(TOTAL);
    expect(tally.orderViolations).toEqual([]);
    expect(tally.unmarkedDuplicates).toBe(0);
    expect(tally.duplicates).toBeLessThanOrEqual(cp.redelivered);
    expect(cp.restarts).toBe(1);
    expect(cp.dispatched).toBeGreaterThanOrEqual(TOTAL);
    expect(await queueNames(vhost)).toEqual(['orders', 'payments']);
    console.log(
      `drain kill: ${tally.duplicates} duplicate(s) delivered, ${cp.redelivered} redelivered by the source after the kill, dispatched ${cp.dispatched}`,
    );
  }, 300_000);

  it('pauses, resumes and cancels: every message on the source or in one temp queue, temp queues kept', async () => {
    const TOTAL = 10_000;
    await publishBacklog(vhost, 'refunds', { to: TOTAL, keys: 100, declare: 'classic' });
    const job = await createRabbitDrain(
      store,
      env,
      { cluster: 'rabbit-drain-test', vhost, queue: 'refunds', key: 'messageId', factor: 3, rateLimit: 2000 },
      actor,
      'cli',
      runner.owner,
    );
    const plan = drainRabbitPlan.parse(job.plan);
    const outcome = runner.runJob(job.id, { stayWhilePaused: true });
    await waitFor('some dispatched', () => (store.jobs.get(job.id)?.done ?? 0) >= 2_000);
    controlJob(store, job.id, 'pause', actor);
    await waitFor('paused', () => store.jobs.get(job.id)?.state === 'paused', 15_000);
    const paused = store.jobs.require(job.id);
    expect(paused.done).toBeLessThan(TOTAL);
    const rabbit = new DrainRabbit(drainCluster(vhost), vhost);
    try {
      let copies = 0;
      for (const t of plan.tempQueues) copies += (await rabbit.exact(t)).ready;
      expect(copies).toBe(paused.done);
      expect((await rabbit.exact('refunds')).ready + copies).toBe(TOTAL);
      controlJob(store, job.id, 'resume', actor);
      await waitFor('every message dispatched', () => (store.jobs.get(job.id)?.done ?? 0) >= TOTAL);
      controlJob(store, job.id, 'cancel', actor);
      expect(await outcome).toBe('cancelled');
      const cp = drainRabbitCheckpoint.parse(store.jobs.require(job.id).checkpoint);
      expect(cp.kept).toEqual(plan.tempQueues);
      expect(cp.dispatched).toBe(TOTAL);
      copies = 0;
      for (const t of plan.tempQueues) copies += (await rabbit.exact(t)).ready;
      expect(copies).toBe(TOTAL);
      expect((await rabbit.exact('refunds')).ready).toBe(0);
      await deleteTempQueues(rabbit, plan.tempQueues.map(String));
    } finally {
      await rabbit.close();
    }
  }, 120_000);
});
