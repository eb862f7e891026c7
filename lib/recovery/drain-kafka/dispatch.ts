// The dispatcher: copies the source topic from the checkpoint into the temp topic, key → temp partition,
// acks=-1 with an idempotent producer, and commits the checkpoint only after the temp writes are
// acknowledged. It reads through a fresh private consumer group per run (never the source group, which
// stays untouched until the restore) and skips anything below the checkpoint, so a redelivered or early
// batch is never copied twice by one run. It keeps following new arrivals until the signal fires.
// Each source partition has a lane (lane.ts): reading runs ahead of writing, and the lanes write through
// several producers (connections) at once, one produce request in flight per lane, so per-partition order
// holds while fetches and the partitions' writes overlap.
import { randomBytes } from 'node:crypto';
import type { EachBatchPayload, IHeaders, KafkaMessage, Message, Producer } from 'kafkajs';
import type { JobContext } from '../jobs/types';
import { kafkaFor } from './client';
import { TempPartitioner } from './hash';
import { Lane } from './lane';
import { type DrainKafkaCheckpoint, type DrainKafkaPlan, PROVENANCE } from './types';

export const DISPATCH = {
  /**
   * Largest produce request (messages) when no rate limit makes chunks smaller. kafkajs groups a send's
   * messages per partition by copying arrays (quadratic in the messages per partition): 5,000 costs
   * ~15% less CPU per message than 10,000 at the same copy rate (bench/drain.ts, BENCH_PROFILE).
   */
  maxChunk: 5000,
  sessionTimeoutMs: 10_000,
  heartbeatIntervalMs: 1000,
  /** Bigger fetches: fewer, larger produce requests (each costs one append per temp partition it touches). */
  maxBytesPerPartition: 4 * 1024 * 1024,
  /** Producers (connections); source partition p writes through producer p mod this. */
  producers: 4,
  /** Records a lane may hold read but unsent before its reader waits. */
  readAhead: 20_000,
} as const;

type Ctx = JobContext<DrainKafkaPlan, DrainKafkaCheckpoint>;

function withProvenance(m: KafkaMessage, plan: DrainKafkaPlan, jobId: string, partition: number): IHeaders {
  return {
    ...(m.headers ?? {}),
    [PROVENANCE.topic]: plan.topic,
    [PROVENANCE.partition]: String(partition),
    [PROVENANCE.offset]: m.offset,
    [PROVENANCE.job]: jobId,
  };
}

export async function dispatch(ctx: Ctx): Promise<'completed' | 'stopped'> {
  const { plan, job, signal } = ctx;
  const kafka = kafkaFor(ctx.env.cluster(plan.cluster), `spillway-drain-${job.id}`);
  const producers: Producer[] = Array.from(
    { length: Math.max(1, Math.min(DISPATCH.producers, plan.sourcePartitions)) },
    () => kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }),
  );
  const groupId = `${plan.dispatchGroup}.${randomBytes(3).toString('hex')}`;
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: DISPATCH.sessionTimeoutMs,
    heartbeatInterval: DISPATCH.heartbeatIntervalMs,
    maxWaitTimeInMs: 250,
    maxBytesPerPartition: DISPATCH.maxBytesPerPartition,
    maxBytes: DISPATCH.maxBytesPerPartition * Math.max(1, plan.sourcePartitions),
  });
  const partitioner = new TempPartitioner(plan.tempPartitions);
  const start = ctx.checkpoint();
  const next = new Map<number, number>(
    plan.partitions.map((p) => [p.partition, start.next[String(p.partition)] ?? p.start]),
  );
  // Partitions added to the source after the plan and already partly copied by an earlier run.
  for (const [p, n] of Object.entries(start.next)) if (!next.has(Number(p))) next.set(Number(p), n);
  const hwm = new Map<number, number>(
    plan.partitions.map((p) => [p.partition, Math.max(p.end, next.get(p.partition) ?? 0)]),
  );
  let keyless = start.keyless;
  /** `done` as committed: the stored value when the phase started plus what this run committed. */
  let dispatched = ctx.job.done;
  let failure: unknown = null;
  let stopped = false;

  const remaining = () => {
    let r = 0;
    for (const [p, n] of next) r += Math.max(0, (hwm.get(p) ?? n) - n);
    return r;
  };
  const checkpoint = (): DrainKafkaCheckpoint => ({
    ...ctx.checkpoint(),
    next: Object.fromEntries([...next].map(([p, n]) => [String(p), n])),
    keyless,
  });

  let resolveDone!: () => void;
  const done = new Promise<void>((r) => {
    resolveDone = r;
  });
  const finish = (err?: unknown) => {
    if (err !== undefined && failure === null) failure = err;
    stopped = true;
    resolveDone();
  };
  signal.addEventListener('abort', () => finish(), { once: true });
  const isStopped = () => stopped || signal.aborted;

  /** Writes one acknowledged chunk of source partition p, then moves its checkpoint past it. */
  const sendChunk = async (p: number, chunk: KafkaMessage[]) => {
    let chunkKeyless = 0;
    const messages: Message[] = chunk.map((m) => {
      const key = m.key ?? null;
      if (key === null) chunkKeyless += 1;
      return {
        key,
        value: m.value,
        headers: withProvenance(m, plan, job.id, p),
        timestamp: m.timestamp,
        partition: partitioner.pick(key),
      };
    });
    const producer = producers[p % producers.length] as Producer;
    await producer.send({ topic: plan.tempTopic, acks: -1, messages });
    const last = chunk[chunk.length - 1] as KafkaMessage;
    next.set(p, Number(last.offset) + 1);
    keyless += chunkKeyless;
    dispatched += chunk.length;
    ctx.commit(checkpoint(), chunk.length, dispatched + remaining());
  };
  const laneOf = (p: number, from: number) =>
    new Lane(
      p,
      from,
      {
        send: (chunk) => sendChunk(p, chunk),
        chunkSize: () => ctx.limiter.chunk(DISPATCH.maxChunk),
        acquire: (n) => ctx.limiter.acquire(n, signal),
        stopped: isStopped,
        fail: (err) => finish(err),
      },
      DISPATCH.readAhead,
    );
  const lanes = new Map<number, Lane>(
    plan.partitions.map((pp) => [pp.partition, laneOf(pp.partition, next.get(pp.partition) ?? pp.start)]),
  );

  const eachBatch = async ({ batch, heartbeat }: EachBatchPayload) => {
    const p = batch.partition;
    hwm.set(p, Math.max(hwm.get(p) ?? 0, Number(batch.highWatermark)));
    if (isStopped()) return;
    // A partition added to the source after the plan is copied from its start, like the others.
    let lane = lanes.get(p);
    if (!lane) {
      lane = laneOf(p, next.get(p) ?? 0);
      lanes.set(p, lane);
    }
    lane.push(batch.messages);
    await lane.room(heartbeat);
  };

  try {
    await Promise.all(producers.map((pr) => pr.connect()));
    await consumer.connect();
    await consumer.subscribe({ topic: plan.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: Math.max(1, plan.sourcePartitions),
      eachBatchAutoResolve: true,
      eachBatch: async (payload) => {
        try {
          await eachBatch(payload);
        } catch (err) {
          finish(err);
        }
      },
    });
    for (const [partition, offset] of next)
      consumer.seek({ topic: plan.topic, partition, offset: String(offset) });
    // Totals follow new arrivals: refresh the denominator about once a second.
    const totals = setInterval(() => {
      try {
        if (!stopped) ctx.commit(checkpoint(), 0, dispatched + remaining());
      } catch (err) {
        finish(err);
      }
    }, 1000);
    try {
      await done;
    } finally {
      clearInterval(totals);
    }
  } catch (err) {
    if (failure === null) failure = err;
  } finally {
    stopped = true;
    await consumer.disconnect().catch(() => undefined);
    // A chunk in flight finishes (and is checkpointed) before its producer goes; queued ones stay unsent.
    await Promise.all([...lanes.values()].map((l) => l.settled()));
    await Promise.all(producers.map((pr) => pr.disconnect().catch(() => undefined)));
  }
  if (failure !== null && !signal.aborted) throw failure;
  return 'stopped';
}
