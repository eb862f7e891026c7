// Job kind 'replay-rabbitmq': republishes archived messages of one captured queue, oldest first, in batches
// sized by the rate limit. Each batch: mark pending → publish with confirms → in ONE transaction mark the
// confirmed rows replayed and commit the checkpoint. Unroutable (returned) and nacked rows stay unreplayed
// and are reported. A lost connection is retried here (the job resumes by itself); rows a dead attempt left
// pending are republished and counted as `uncertain` (their first publish may or may not have arrived).
import { z } from 'zod';
import type { RabbitmqClusterConfig } from '../../../config';
import type { ArchivedMessage, ArchiveQuery } from '../../../store';
import { registerJobKind } from '../../jobs/registry';
import type { JobContext } from '../../jobs/types';
import { JobError } from '../../jobs/types';
import { sleep } from '../../sleep';
import { replayStore } from '../store-access';
import { Rabbit } from './mgmt';
import { type BatchResult, ConnectionLostError, ReplayPublisher } from './publish';

export const RABBIT_REPLAY = {
  kind: 'replay-rabbitmq',
  batch: 500,
  /** Messages awaiting confirms at once (whole batches; at least 2 batches). */
  inFlight: 2000,
  reconnects: 20,
  reconnectMs: 1000,
} as const;

export const rabbitReplayPlan = z.object({
  cluster: z.string(),
  vhost: z.string(),
  queue: z.string(),
  since: z.number().nullable(),
  until: z.number().nullable(),
  reason: z.string().nullable(),
  again: z.boolean(),
  /** Only archive rows up to this id (captured before the job was planned). */
  maxId: z.number().int(),
  /** With --again: rows replayed after this time were replayed by this job already. */
  createdAt: z.number(),
  total: z.number().int(),
});
export type RabbitReplayPlan = z.output<typeof rabbitReplayPlan>;

const checkpoint = z
  .object({
    lastId: z.number().int(),
    published: z.number().int(),
    unroutable: z.array(z.number().int()),
    nacked: z.array(z.number().int()),
    uncertain: z.number().int(),
    reconnects: z.number().int(),
  })
  .catch({ lastId: 0, published: 0, unroutable: [], nacked: [], uncertain: 0, reconnects: 0 });
export type RabbitReplayCheckpoint = z.output<typeof checkpoint>;

type Ctx = JobContext<RabbitReplayPlan, RabbitReplayCheckpoint>;

/**
 * Messages per batch: RABBIT_REPLAY.batch, or a quarter second of the rate limit when that is smaller. The
 * token bucket lets a batch run into debt and waits it off, so the average stays at the rate while the
 * per-batch costs (a SQLite transaction, a confirm round) are paid 4 times a second, not 10.
 */
export function batchSize(rate: number | null): number {
  return rate === null
    ? RABBIT_REPLAY.batch
    : Math.max(1, Math.min(RABBIT_REPLAY.batch, Math.ceil(rate / 4)));
}

/** The archive rows a plan covers (before the checkpoint is applied). */
export function planQuery(
  p: Omit<RabbitReplayPlan, 'maxId' | 'createdAt' | 'total'> & { maxId?: number },
): ArchiveQuery {
  return {
    cluster: p.cluster,
    vhost: p.vhost,
    queue: p.queue,
    ...(p.reason !== null ? { reason: p.reason } : {}),
    ...(p.since !== null ? { since: p.since } : {}),
    ...(p.until !== null ? { until: p.until } : {}),
    ...(p.again ? {} : { replayed: false }),
    ...(p.maxId !== undefined ? { upTo: p.maxId } : {}),
  };
}

function rabbitCluster(ctx: Ctx): RabbitmqClusterConfig {
  const c = ctx.env.cluster(ctx.plan.cluster);
  if (c.kind !== 'rabbitmq') throw new JobError(`cluster ${ctx.plan.cluster} is not a RabbitMQ cluster`, 422);
  return c;
}

async function attempt(ctx: Ctx, cluster: RabbitmqClusterConfig): Promise<'completed' | 'stopped'> {
  const store = replayStore();
  const jobId = ctx.job.id;
  // Rows a dead attempt published without seeing the confirm: republish them, count them as uncertain.
  const stale = store.archive.pendingIds(jobId);
  let cp = ctx.checkpoint();
  if (stale.length > 0) {
    store.archive.clearPending(stale);
    cp = { ...cp, uncertain: cp.uncertain + stale.length };
    ctx.commit(cp, 0);
    ctx.log.warn('republishing messages whose confirm was lost', { count: stale.length });
  }
  const model = await new Rabbit(cluster).amqp(ctx.plan.vhost);
  try {
    const publisher = await ReplayPublisher.open(model);
    const base = planQuery(ctx.plan);
    const query: ArchiveQuery = ctx.plan.again ? { ...base, replayedBefore: ctx.plan.createdAt } : base;
    // Up to `inFlight` messages (whole batches) await their confirms at once; they settle in order, so the checkpoint only
    // moves forward. Rows of unsettled batches keep their pending mark (uncertain if this attempt dies).
    const inflight: Array<{ rows: ArchivedMessage[]; result: Promise<BatchResult>; ready: boolean }> = [];
    const settle = async (): Promise<void> => {
      const b = inflight.shift();
      const last = b?.rows[b.rows.length - 1];
      if (!b || !last) return;
      const result = await b.result;
      const next: RabbitReplayCheckpoint = {
        ...cp,
        lastId: last.id,
        published: cp.published + result.confirmed.length,
        unroutable: [...cp.unroutable, ...result.unroutable].slice(-1000),
        nacked: [...cp.nacked, ...result.nacked].slice(-1000),
      };
      store.db.transaction(() => {
        store.archive.markReplayed(result.confirmed);
        store.archive.clearPending([...result.unroutable, ...result.nacked]);
        ctx.commit(next, b.rows.length);
      })();
      if (result.unroutable.length > 0) {
        ctx.log.warn('unroutable messages stay unreplayed', {
          ids: result.unroutable.slice(0, 20).join(','),
        });
      }
      cp = next;
    };
    const drain = async (outcome: 'completed' | 'stopped') => {
      while (inflight.length > 0) await settle();
      return outcome;
    };
    let fetchedUpTo = cp.lastId;
    for (;;) {
      if (ctx.signal.aborted) return await drain('stopped');
      // Batches already confirmed settle now, not when the window fills: at a low rate the window holds
      // many seconds of messages, and progress and the checkpoint would lag that far behind.
      while (inflight[0]?.ready) await settle();
      const rows = store.archive.batch({ ...query, after: fetchedUpTo }, batchSize(ctx.limiter.rate));
      const last = rows[rows.length - 1];
      if (!last) return await drain('completed');
      await ctx.limiter.acquire(rows.length, ctx.signal);
      if (ctx.signal.aborted) return await drain('stopped');
      store.archive.markPending(
        rows.map((r) => r.id),
        jobId,
      );
      fetchedUpTo = last.id;
      const result = publisher.publish(rows);
      const batch = { rows, result, ready: false };
      // Awaited in settle(); this marks it answered (confirmed or failed: a lost connection surfaces at
      // once) and keeps a rejection from being "unhandled".
      const answered = () => {
        batch.ready = true;
      };
      result.then(answered, answered);
      inflight.push(batch);
      const pending = inflight.reduce((n, b) => n + b.rows.length, 0);
      if (inflight.length >= 2 && pending >= RABBIT_REPLAY.inFlight) await settle();
    }
  } finally {
    await model.close().catch(() => undefined);
  }
}

async function run(ctx: Ctx): Promise<'completed' | 'stopped'> {
  const cluster = rabbitCluster(ctx);
  let failures = 0;
  for (;;) {
    try {
      const outcome = await attempt(ctx, cluster);
      if (outcome === 'completed') {
        const cp = ctx.checkpoint();
        ctx.audit(
          'replay-rabbitmq.completed',
          {
            published: cp.published,
            unroutable: cp.unroutable.length,
            nacked: cp.nacked.length,
            uncertain: cp.uncertain,
          },
          'ok',
        );
      }
      return outcome;
    } catch (error) {
      const lost = error instanceof ConnectionLostError || (error as Error).name === 'ReplayError';
      if (ctx.signal.aborted) return 'stopped';
      if (!lost || ++failures > RABBIT_REPLAY.reconnects) throw error;
      const cp = ctx.checkpoint();
      ctx.commit({ ...cp, reconnects: cp.reconnects + 1 }, 0);
      ctx.log.warn('replay connection lost; reconnecting', { error: (error as Error).message, failures });
      await sleep(RABBIT_REPLAY.reconnectMs * Math.min(failures, 5), ctx.signal);
    }
  }
}

registerJobKind<RabbitReplayPlan, RabbitReplayCheckpoint>({
  kind: RABBIT_REPLAY.kind,
  planSchema: rabbitReplayPlan,
  checkpointSchema: checkpoint,
  run,
  async view(job) {
    const cp = checkpoint.parse(job.checkpoint);
    return {
      published: cp.published,
      unroutable: cp.unroutable,
      nacked: cp.nacked,
      uncertain: cp.uncertain,
      reconnects: cp.reconnects,
    };
  },
});
