// The RabbitMQ drain as a job kind (lib/recovery/README.md): run = the dispatcher until the operator
// pauses, cancels or restores; restore = wait until every temp queue is empty, then delete them if-empty;
// cancel = stop dispatching and keep the temp queues (listed for the operator).
import { registerJobKind } from '../jobs/registry';
import type { JobContext, JobEnv, JobKind } from '../jobs/types';
import { sleep } from '../sleep';
import { rabbitCluster } from './create';
import { type DispatchCounts, RabbitDispatcher } from './dispatcher';
import { parseKeySpec } from './key';
import { DrainRabbit } from './rabbit';
import { deleteTempQueues, tempView, waitTempEmpty } from './restore';
import {
  DRAIN_RABBITMQ_KIND,
  type DrainRabbitCheckpoint,
  type DrainRabbitPlan,
  drainRabbitCheckpoint,
  drainRabbitPlan,
} from './types';

type Ctx = JobContext<DrainRabbitPlan, DrainRabbitCheckpoint>;

/** Restarts after a lost connection: at most MAX_FAILURES in a row without progress, backoff in between. */
export const RUN_DEFAULTS = { maxFailures: 5, backoffMs: 1000, totalEveryMs: 1000 } as const;

function countsOf(c: DrainRabbitCheckpoint, factor: number): DispatchCounts {
  return {
    dispatched: c.dispatched,
    keyless: c.keyless,
    redelivered: c.redelivered,
    perQueue: c.perQueue.length === factor ? c.perQueue : Array.from({ length: factor }, () => 0),
  };
}

/** One dispatcher's life: until the signal fires (clean stop → true) or it fails (→ the error). */
async function dispatchOnce(
  ctx: Ctx,
  rabbit: DrainRabbit,
): Promise<{ stopped: true } | { stopped: false; error: Error; progressed: boolean }> {
  const { plan } = ctx;
  const start = ctx.checkpoint();
  let committed = start.dispatched;
  /** A failed checkpoint write (LeaseLostError: another runner owns the job) ends this run with that error. */
  let commitError: unknown = null;
  const commit = (c: DispatchCounts, total?: number) => {
    const cp = { ...ctx.checkpoint(), ...c };
    try {
      ctx.commit(cp, c.dispatched - committed, total);
    } catch (error) {
      commitError ??= error;
      throw error;
    }
    committed = c.dispatched;
  };
  const dispatcher = new RabbitDispatcher({
    amqpUrl: rabbit.amqpUrl,
    queue: plan.queue,
    tempQueues: plan.tempQueues,
    key: parseKeySpec(plan.key),
    jobId: ctx.job.id,
    rate: ctx.limiter,
    signal: ctx.signal,
    initial: countsOf(start, plan.factor),
    onProgress: (c) => commit(c),
    describe: (e) => rabbit.redactor.describe(e),
  });
  try {
    await dispatcher.start();
  } catch (error) {
    return { stopped: false, error: error as Error, progressed: false };
  }
  ctx.log.info('dispatching', { queue: plan.queue, tempQueues: plan.tempQueues.length });
  const stop = new Promise<'signal'>((resolve) => {
    if (ctx.signal.aborted) resolve('signal');
    ctx.signal.addEventListener('abort', () => resolve('signal'), { once: true });
  });
  const failed = dispatcher.finished.then(
    () => 'finished' as const,
    (error: Error) => error,
  );
  let stopped = false;
  try {
    for (;;) {
      const tick = sleep(RUN_DEFAULTS.totalEveryMs, ctx.signal).then(() => 'tick' as const);
      const r = await Promise.race([stop, failed, tick]);
      if (r === 'signal' || r === 'finished') break;
      if (r instanceof Error) {
        if (commitError) throw commitError;
        return { stopped: false, error: r, progressed: dispatcher.snapshot.dispatched > start.dispatched };
      }
      // The total follows new arrivals: copied + what the source still holds + what the dispatcher holds.
      const exact = await rabbit.exact(plan.queue).catch(() => null);
      if (exact?.exists) {
        commit(dispatcher.snapshot, dispatcher.snapshot.dispatched + exact.ready + dispatcher.inFlight);
      }
    }
    const counts = await dispatcher.stop();
    stopped = true;
    commit(counts);
  } finally {
    // Whatever ended this run (a failed commit included), no dispatcher may keep consuming the source.
    if (!stopped) await dispatcher.stop().catch(() => undefined);
  }
  return { stopped: true };
}

async function run(ctx: Ctx): Promise<'completed' | 'stopped'> {
  const cluster = rabbitCluster(ctx.env, ctx.plan.cluster);
  const rabbit = new DrainRabbit(cluster, ctx.plan.vhost);
  let failures = 0;
  try {
    while (!ctx.signal.aborted) {
      const r = await dispatchOnce(ctx, rabbit);
      if (r.stopped) return 'stopped';
      failures = r.progressed ? 1 : failures + 1;
      const cp = ctx.checkpoint();
      ctx.commit({ ...cp, restarts: cp.restarts + 1 }, 0);
      if (failures >= RUN_DEFAULTS.maxFailures) throw r.error;
      ctx.log.warn('dispatcher stopped; restarting from the source (unacked messages were returned)', {
        error: r.error.message,
        attempt: failures,
      });
      ctx.audit('dispatcher-restart', { attempt: failures }, 'error', r.error.message);
      await sleep(RUN_DEFAULTS.backoffMs * failures, ctx.signal);
    }
    return 'stopped';
  } finally {
    await rabbit.close();
  }
}

async function restore(ctx: Ctx): Promise<'completed' | 'stopped'> {
  const rabbit = new DrainRabbit(rabbitCluster(ctx.env, ctx.plan.cluster), ctx.plan.vhost);
  try {
    const cp = ctx.checkpoint();
    if (cp.restoreStep !== 'deleted') {
      if (cp.restoreStep !== 'wait-empty') ctx.commit({ ...cp, restoreStep: 'wait-empty' }, 0);
      const empty = await waitTempEmpty(rabbit, ctx.plan.tempQueues, { signal: ctx.signal });
      if (!empty) return 'stopped';
      const kept = await deleteTempQueues(rabbit, ctx.plan.tempQueues, ctx.plan.queueType);
      if (kept.length > 0) {
        throw new Error(
          `RabbitMQ refused to delete ${kept.join(', ')}: it holds messages again; resume to retry`,
        );
      }
      ctx.commit({ ...ctx.checkpoint(), restoreStep: 'deleted' }, 0);
      ctx.audit('temp-queues-deleted', { tempQueues: ctx.plan.tempQueues }, 'ok');
    }
    return 'completed';
  } finally {
    await rabbit.close();
  }
}

async function cancel(ctx: Ctx): Promise<void> {
  // Like the Kafka drain, a cancel keeps the temp queues: they may hold copies nobody consumed yet. They
  // are listed (checkpoint `kept`, audit entry) for the operator to drain and delete.
  const rabbit = new DrainRabbit(rabbitCluster(ctx.env, ctx.plan.cluster), ctx.plan.vhost);
  try {
    const kept: string[] = [];
    for (const name of ctx.plan.tempQueues) {
      if ((await rabbit.exact(name)).exists) kept.push(name);
    }
    ctx.commit({ ...ctx.checkpoint(), kept }, 0);
    if (kept.length > 0) {
      ctx.audit(
        'temp-queues-kept',
        { kept },
        'ok',
        `${kept.length} temp queue(s) kept; delete them once drained`,
      );
    }
  } finally {
    await rabbit.close();
  }
}

/** Live figures for `drain status` and the API: temp queue names, workers, temp lag, counts. */
async function view(
  job: { plan: unknown; checkpoint: unknown },
  env: JobEnv,
): Promise<Record<string, unknown>> {
  const plan = drainRabbitPlan.parse(job.plan);
  const cp = drainRabbitCheckpoint.parse(job.checkpoint);
  const base = {
    tempQueues: plan.tempQueues,
    key: plan.key,
    keyless: cp.keyless,
    redelivered: cp.redelivered,
    perQueue: cp.perQueue,
    restarts: cp.restarts,
    ...(cp.kept ? { kept: cp.kept } : {}),
  };
  const rabbit = new DrainRabbit(rabbitCluster(env, plan.cluster), plan.vhost);
  try {
    const v = await tempView(rabbit, plan.tempQueues);
    return { ...base, workers: v.workers, tempLag: v.tempLag, workerRate: v.workerRate };
  } catch (error) {
    return { ...base, workers: null, tempLag: null, viewError: (error as Error).message };
  } finally {
    await rabbit.close();
  }
}

export const drainRabbitKind: JobKind<DrainRabbitPlan, DrainRabbitCheckpoint> = {
  kind: DRAIN_RABBITMQ_KIND,
  planSchema: drainRabbitPlan,
  checkpointSchema: drainRabbitCheckpoint,
  run,
  restore,
  cancel,
  view,
};

registerJobKind(drainRabbitKind);
