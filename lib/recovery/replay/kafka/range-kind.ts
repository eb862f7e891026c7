// Job kind 'replay-kafka': copies offsets [from, to) of each source partition to the same partition of the
// target topic, with key, value, headers and timestamp, plus provenance headers, acks=-1. Reads through a
// throwaway consumer group (no commits: the job's checkpoint is the position); after each acknowledged
// produce the checkpoint moves, so a resumed job continues from there (at-least-once for the last batch).
import type { Consumer, IHeaders, Producer } from 'kafkajs';
import { z } from 'zod';
import { registerJobKind } from '../../jobs/registry';
import { type JobContext, JobError } from '../../jobs/types';
import type { KafkaKind } from '../clusters';
import { openKafka } from './connect';

export const KAFKA_REPLAY = { kind: 'replay-kafka', batch: 500 } as const;

export const PROVENANCE = {
  topic: 'spillway-source-topic',
  partition: 'spillway-source-partition',
  offset: 'spillway-source-offset',
  job: 'spillway-replay-job',
} as const;

export const kafkaReplayPlan = z.object({
  cluster: z.string(),
  topic: z.string(),
  target: z.string(),
  partitions: z.array(
    z.object({ partition: z.number().int(), from: z.number().int(), to: z.number().int() }),
  ),
  total: z.number().int(),
});
export type KafkaReplayPlan = z.output<typeof kafkaReplayPlan>;

const checkpoint = z.object({ next: z.record(z.string(), z.number().int()) }).catch({ next: {} });
type Checkpoint = z.output<typeof checkpoint>;
type Ctx = JobContext<KafkaReplayPlan, Checkpoint>;

function kafkaKind(ctx: Ctx): KafkaKind {
  const c = ctx.env.cluster(ctx.plan.cluster);
  if (c.kind === 'rabbitmq') throw new JobError(`cluster ${ctx.plan.cluster} is not a Kafka cluster`, 422);
  return c;
}

async function run(ctx: Ctx): Promise<'completed' | 'stopped'> {
  const { plan } = ctx;
  const next: Record<string, number> = {};
  for (const p of plan.partitions)
    next[p.partition] = Math.max(p.from, ctx.checkpoint().next[p.partition] ?? p.from);
  const open = plan.partitions.filter((p) => (next[p.partition] ?? p.to) < p.to);
  if (open.length === 0) return 'completed';
  const ends = new Map(plan.partitions.map((p) => [p.partition, p.to]));
  const h = openKafka(kafkaKind(ctx));
  const groupId = `spillway-replay-${ctx.job.id}`;
  const consumer: Consumer = h.kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: 1 << 20,
  });
  const producer: Producer = h.kafka.producer({ allowAutoTopicCreation: false });
  const remaining = new Set(open.map((p) => p.partition));
  let finish!: (v: 'completed' | 'stopped') => void;
  let fail!: (e: unknown) => void;
  const finished = new Promise<'completed' | 'stopped'>((res, rej) => {
    finish = res;
    fail = rej;
  });
  const onAbort = () => finish('stopped');
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await h.call('connect', () => Promise.all([consumer.connect(), producer.connect()]));
    consumer.on(consumer.events.CRASH, (e) =>
      fail(new Error(`consumer crashed: ${String(e.payload.error?.message ?? e.payload.error)}`)),
    );
    await h.call('subscribe', () => consumer.subscribe({ topic: plan.topic, fromBeginning: true }));
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, heartbeat, pause }) => {
        const p = batch.partition;
        const to = ends.get(p) ?? 0;
        let pos = next[p] ?? to;
        const msgs = batch.messages.filter((m) => {
          const o = Number(m.offset);
          return o >= pos && o < to;
        });
        for (let i = 0; i < msgs.length && !ctx.signal.aborted; ) {
          const n = ctx.limiter.chunk(KAFKA_REPLAY.batch);
          const chunk = msgs.slice(i, i + n);
          await ctx.limiter.acquire(chunk.length, ctx.signal);
          if (ctx.signal.aborted) return;
          await producer.send({
            topic: plan.target,
            acks: -1,
            messages: chunk.map((m) => ({
              partition: p,
              key: m.key,
              value: m.value,
              timestamp: m.timestamp,
              headers: {
                ...(m.headers as IHeaders | undefined),
                [PROVENANCE.topic]: plan.topic,
                [PROVENANCE.partition]: String(p),
                [PROVENANCE.offset]: m.offset,
                [PROVENANCE.job]: ctx.job.id,
              },
            })),
          });
          pos = Number(chunk[chunk.length - 1]?.offset) + 1;
          next[p] = pos;
          ctx.commit({ next: { ...next } }, chunk.length);
          i += chunk.length;
          await heartbeat();
        }
        if (ctx.signal.aborted) return;
        const last = Number(batch.lastOffset());
        if (pos >= to || last + 1 >= to || batch.messages.some((m) => Number(m.offset) >= to)) {
          remaining.delete(p);
          pause();
          if (remaining.size === 0) finish('completed');
        }
      },
    });
    for (const p of open)
      consumer.seek({ topic: plan.topic, partition: p.partition, offset: String(next[p.partition]) });
    return await finished;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    if (remaining.size === 0) {
      const admin = h.kafka.admin();
      await admin
        .connect()
        .then(() => admin.deleteGroups([groupId]))
        .catch(() => undefined)
        .finally(() => admin.disconnect().catch(() => undefined));
    }
  }
}

registerJobKind<KafkaReplayPlan, Checkpoint>({
  kind: KAFKA_REPLAY.kind,
  planSchema: kafkaReplayPlan,
  checkpointSchema: checkpoint,
  run,
  async view(job) {
    const plan = kafkaReplayPlan.safeParse(job.plan);
    const cp = checkpoint.parse(job.checkpoint);
    if (!plan.success) return {};
    return {
      partitions: plan.data.partitions.map((p) => ({
        ...p,
        next: Math.max(p.from, cp.next[p.partition] ?? p.from),
      })),
    };
  },
});
