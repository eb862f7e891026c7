// The dispatcher: copies the source topic from the checkpoint into the temp topic, key → temp partition,
// acks=-1 with an idempotent producer, and commits the checkpoint only after the temp writes are
// acknowledged. It keeps following new arrivals until the signal fires.
// It moves bytes, not objects (wire/): the source is fetched directly from the partition leaders at the
// dispatcher's own positions (no consumer group; the source group stays untouched until the restore),
// each fetched batch is read in place, and each temp partition's share of a chunk goes out as one record
// batch written by our own idempotent producer (key, value, headers and timestamp kept, provenance
// headers added). Each source partition has a lane (lane.ts): reading runs ahead of writing, and the lanes
// write through several producers (connections) at once, one produce request in flight per lane, so
// per-partition order holds while fetches and the partitions' writes overlap.
import type { JobContext } from '../jobs/types';
import { kafkaFor } from './client';
import { TempPartitioner } from './hash';
import { Lane } from './lane';
import { type DrainKafkaCheckpoint, type DrainKafkaPlan, PROVENANCE } from './types';
import { WireClient } from './wire/client';
import { SourceReader } from './wire/reader';
import type { SourceRecord } from './wire/source-batches';
import { ProvenanceHeaders } from './wire/temp-batch';
import { TempWriter } from './wire/writer';

export const DISPATCH = {
  /** Largest chunk (records of one source partition per write) when no rate limit makes chunks smaller. */
  maxChunk: 5000,
  /** Longest a fetch waits at the broker for new records. */
  maxWaitMs: 250,
  /** A partition's first fetch: small, so the first records reach the workers soon after the start. */
  firstBytesPerPartition: 256 * 1024,
  /** Bigger fetches after that: fewer, larger produce requests (one append per temp partition touched). */
  maxBytesPerPartition: 4 * 1024 * 1024,
  /** Producers (connections); source partition p writes through producer p mod this. */
  producers: 4,
  /** Records a lane may hold read but unsent before its reader waits. */
  readAhead: 20_000,
  /** One temp record batch at most (the temp topic's max.message.bytes is 1 MiB by default). */
  maxBatchBytes: 512 * 1024,
  produceTimeoutMs: 30_000,
  /** Attempts after a retriable failure (leader moved, connection lost) before the run fails. */
  retries: 8,
  metadataRefreshMs: 5000,
} as const;

type Ctx = JobContext<DrainKafkaPlan, DrainKafkaCheckpoint>;

export async function dispatch(ctx: Ctx): Promise<'completed' | 'stopped'> {
  const { plan, job, signal } = ctx;
  const kafka = kafkaFor(ctx.env.cluster(plan.cluster), `spillway-drain-${job.id}`);
  const source = new WireClient(kafka);
  // Each producer has its own client, hence its own connections and producer id.
  const clients = Array.from(
    { length: Math.max(1, Math.min(DISPATCH.producers, plan.sourcePartitions)) },
    () => new WireClient(kafka),
  );
  const provenance = new Map<number, ProvenanceHeaders>();
  const provenanceOf = (p: number) => {
    let h = provenance.get(p);
    if (!h) {
      h = new ProvenanceHeaders(
        [
          [PROVENANCE.topic, plan.topic],
          [PROVENANCE.partition, String(p)],
          [PROVENANCE.job, job.id],
        ],
        PROVENANCE.offset,
      );
      provenance.set(p, h);
    }
    return h;
  };
  // Fires when the job is stopped or the run fails: retries and the reader's waits end at once.
  const halt = new AbortController();
  const onAbort = () => halt.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const writerOptions = {
    timeoutMs: DISPATCH.produceTimeoutMs,
    retries: DISPATCH.retries,
    maxBatchBytes: DISPATCH.maxBatchBytes,
    signal: halt.signal,
  };
  const writers = clients.map((c) => new TempWriter(c, plan.tempTopic, provenanceOf, writerOptions));
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
  const finish = (err?: unknown) => {
    if (err !== undefined && failure === null) failure = err;
    stopped = true;
    halt.abort();
  };
  const isStopped = () => stopped || signal.aborted;

  /** Writes one acknowledged chunk of source partition p, then moves its checkpoint to `upTo`. */
  const sendChunk = async (p: number, chunk: SourceRecord[], upTo: number) => {
    let chunkKeyless = 0;
    if (chunk.length > 0) {
      const groups = new Map<number, SourceRecord[]>();
      for (const r of chunk) {
        if (r.key === null) chunkKeyless += 1;
        const tp = partitioner.pick(r.key);
        const list = groups.get(tp);
        if (list) list.push(r);
        else groups.set(tp, [r]);
      }
      await (writers[p % writers.length] as TempWriter).write(p, groups);
    }
    next.set(p, upTo);
    keyless += chunkKeyless;
    dispatched += chunk.length;
    ctx.commit(checkpoint(), chunk.length, dispatched + remaining());
  };
  const lanes = new Map<number, Lane<SourceRecord>>();
  const laneOf = (p: number) => {
    let lane = lanes.get(p);
    if (!lane) {
      // A partition added to the source after the plan is copied from its start, like the others.
      lane = new Lane<SourceRecord>(
        p,
        next.get(p) ?? 0,
        {
          send: (chunk, upTo) => sendChunk(p, chunk, upTo),
          chunkSize: () => ctx.limiter.chunk(DISPATCH.maxChunk),
          acquire: (n) => ctx.limiter.acquire(n, signal),
          stopped: isStopped,
          fail: (err) => finish(err),
        },
        DISPATCH.readAhead,
      );
      lanes.set(p, lane);
      if (!next.has(p)) next.set(p, lane.position);
    }
    return lane;
  };
  for (const pp of plan.partitions) laneOf(pp.partition);

  const reader = new SourceReader(
    source,
    plan.topic,
    {
      position: (p) => laneOf(p).position,
      hasRoom: (p) => laneOf(p).hasRoom,
      waitForRoom: (ps) => Promise.race(ps.map((p) => laneOf(p).room(async () => undefined))),
      deliver: (p, read, highWatermark) => {
        hwm.set(p, Math.max(hwm.get(p) ?? 0, highWatermark));
        if (!isStopped()) laneOf(p).push(read.records, read.nextOffset);
      },
      outOfRange: async (p, offset) => {
        const logStart = await source.logStart(plan.topic, p);
        if (offset >= logStart) {
          throw new Error(
            `source ${plan.topic}/${p}: offset ${offset} is beyond the end of the log (truncated or recreated partition); nothing after it was copied`,
          );
        }
        ctx.log.warn('source records deleted by retention before they were copied', {
          partition: p,
          from: offset,
          to: logStart,
          records: logStart - offset,
        });
        ctx.audit(
          'records-expired',
          { partition: p, from: offset, to: logStart },
          'error',
          `${logStart - offset} records of ${plan.topic}/${p} were deleted by retention before the drain copied them`,
        );
        laneOf(p).push([], logStart);
      },
      stopped: isStopped,
    },
    {
      maxWaitMs: DISPATCH.maxWaitMs,
      firstBytesPerPartition: DISPATCH.firstBytesPerPartition,
      maxBytesPerPartition: DISPATCH.maxBytesPerPartition,
      retries: DISPATCH.retries,
      refreshMs: DISPATCH.metadataRefreshMs,
      signal: halt.signal,
    },
  );

  // Totals follow new arrivals: refresh the denominator about once a second.
  const totals = setInterval(() => {
    try {
      if (!isStopped()) ctx.commit(checkpoint(), 0, dispatched + remaining());
    } catch (err) {
      finish(err);
    }
  }, 1000);
  try {
    await Promise.all([source.connect(), ...clients.map((c) => c.connect())]);
    await Promise.all(writers.map((w) => w.init()));
    await reader.run();
  } catch (err) {
    finish(err);
  } finally {
    clearInterval(totals);
    signal.removeEventListener('abort', onAbort);
    stopped = true;
    // A chunk in flight finishes (and is checkpointed) before its producer goes; queued ones stay unsent.
    await Promise.all([...lanes.values()].map((l) => l.settled()));
    await Promise.all([source, ...clients].map((c) => c.disconnect().catch(() => undefined)));
  }
  if (failure !== null && !signal.aborted) throw failure;
  return 'stopped';
}
