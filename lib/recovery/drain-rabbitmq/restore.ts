// The temp queues after dispatch: their live figures (workers, lag) and the restore's "wait until empty,
// then delete if-empty".
//
// Empty means ready = 0 (exact, from a passive declare) and unacked = 0 (management statistics, which lag
// by the broker's collect interval, 5 s by default). With the dispatcher stopped nothing enters a temp
// queue any more, so a queue seen at 0/0 by every poll over SETTLE_MS (longer than one statistics
// interval) was truly at 0/0 at a fresh sample and stays there. Deleting uses `if-empty`, so RabbitMQ itself
// refuses a queue that still holds a ready message.
import { SourceNotFoundError } from '../../sources';
import { sleep } from '../sleep';
import type { QueueKind } from './policy';
import type { DrainRabbit } from './rabbit';

export const RESTORE_DEFAULTS = { settleMs: 6000, pollMs: 1000 } as const;

export interface TempQueueState {
  name: string;
  exists: boolean;
  /** Management statistics; null until RabbitMQ has emitted them. */
  ready: number | null;
  unacked: number | null;
  consumers: number | null;
  ackRate: number | null;
}

export interface TempView {
  tempQueues: string[];
  /** Consumers on the temp queues (the operator's workers). */
  workers: number;
  /** Sum of ready (exact) + unacked (statistics) over the temp queues. */
  tempLag: number;
  /** Sum of the temp queues' ack rates, messages/s (null when unknown). */
  workerRate: number | null;
  queues: TempQueueState[];
}

export async function tempQueueState(rabbit: DrainRabbit, name: string): Promise<TempQueueState> {
  try {
    const q = await rabbit.queue(name);
    return {
      name,
      exists: true,
      ready: q.ready,
      unacked: q.unacked,
      consumers: q.consumers,
      ackRate: q.ackRate,
    };
  } catch (error) {
    if (error instanceof SourceNotFoundError) {
      return { name, exists: false, ready: 0, unacked: 0, consumers: 0, ackRate: null };
    }
    throw error;
  }
}

/**
 * Live figures of the temp queues: consumers and ready counts exact (passive declare), unacked from the
 * management statistics (0 while a queue has none yet), ack rates from the statistics.
 */
export async function tempView(rabbit: DrainRabbit, names: readonly string[]): Promise<TempView> {
  const queues = await Promise.all(
    names.map(async (n): Promise<TempQueueState> => {
      const [exact, stats] = await Promise.all([rabbit.exact(n), tempQueueState(rabbit, n)]);
      if (!exact.exists) return { ...stats, exists: false, ready: 0, unacked: 0, consumers: 0 };
      return { ...stats, ready: exact.ready, consumers: exact.consumers };
    }),
  );
  let tempLag = 0;
  let workerRate: number | null = 0;
  let workers = 0;
  for (const q of queues) {
    workers += q.consumers ?? 0;
    tempLag += (q.ready ?? 0) + (q.unacked ?? 0);
    if (workerRate !== null && q.exists) workerRate = q.ackRate === null ? null : workerRate + q.ackRate;
  }
  return { tempQueues: [...names], workers, tempLag, workerRate, queues };
}

/** Whether one temp queue is empty now: exact ready 0 and statistics 0/0 (a missing queue is empty). */
async function looksEmpty(rabbit: DrainRabbit, name: string): Promise<boolean> {
  const exact = await rabbit.exact(name);
  if (!exact.exists) return true;
  if (exact.ready > 0) return false;
  const s = await tempQueueState(rabbit, name);
  return !s.exists || (s.ready === 0 && s.unacked === 0);
}

/**
 * Waits until every temp queue has been empty for `settleMs` (polling every `pollMs`). Returns false when
 * the signal fired first. `onPoll` gets the live view after each poll (progress of the workers).
 */
export async function waitTempEmpty(
  rabbit: DrainRabbit,
  names: readonly string[],
  opts: { settleMs?: number; pollMs?: number; signal?: AbortSignal; onPoll?: (v: TempView) => void } = {},
): Promise<boolean> {
  const settleMs = opts.settleMs ?? RESTORE_DEFAULTS.settleMs;
  const pollMs = opts.pollMs ?? RESTORE_DEFAULTS.pollMs;
  const emptySince = new Map<string, number>();
  for (;;) {
    if (opts.signal?.aborted) return false;
    const now = Date.now();
    for (const name of names) {
      if (await looksEmpty(rabbit, name)) {
        if (!emptySince.has(name)) emptySince.set(name, now);
      } else {
        emptySince.delete(name);
      }
    }
    if (opts.onPoll) opts.onPoll(await tempView(rabbit, names));
    const settled = names.every((n) => {
      const since = emptySince.get(n);
      return since !== undefined && Date.now() - since >= settleMs;
    });
    if (settled) return true;
    await sleep(pollMs, opts.signal);
  }
}

/** Deletes each temp queue with if-empty; returns those RabbitMQ refused (messages arrived: keep them). */
export async function deleteTempQueues(
  rabbit: DrainRabbit,
  names: readonly string[],
  kind: QueueKind = 'classic',
): Promise<string[]> {
  const kept: string[] = [];
  for (const name of names) {
    if (!(await rabbit.deleteIfEmpty(name, kind))) kept.push(name);
  }
  return kept;
}
