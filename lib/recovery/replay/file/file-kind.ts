// Job kind 'replay-file': publishes the rows of an NDJSON/CSV file to a RabbitMQ exchange (confirms,
// mandatory) or a Kafka topic (acks=-1). The ledger (store.replayLedger) holds every id confirmed for the
// target; rows whose id it holds are skipped, so a second run publishes nothing already published. Ledger
// rows and the checkpoint commit in one transaction after the confirms.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { Producer } from 'kafkajs';
import { z } from 'zod';
import { registerJobKind } from '../../jobs/registry';
import { type JobContext, JobError } from '../../jobs/types';
import { openKafka } from '../kafka/connect';
import { Rabbit } from '../rabbitmq/mgmt';
import { replayStore } from '../store-access';
import { type FileRow, parseReplayFile } from './parse';

export const FILE_REPLAY = { kind: 'replay-file', batch: 500 } as const;

export const fileTarget = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rabbitmq'),
    cluster: z.string(),
    vhost: z.string(),
    exchange: z.string(),
    routingKeyField: z.string(),
  }),
  z.object({
    kind: z.literal('kafka'),
    cluster: z.string(),
    topic: z.string(),
    keyField: z.string().nullable(),
  }),
]);
export type FileTarget = z.output<typeof fileTarget>;

export const fileReplayPlan = z.object({
  file: z.string(),
  name: z.string(),
  format: z.enum(['ndjson', 'csv']),
  sha256: z.string(),
  idField: z.string(),
  target: fileTarget,
  ledgerTarget: z.string(),
  total: z.number().int(),
});
export type FileReplayPlan = z.output<typeof fileReplayPlan>;

const checkpoint = z
  .object({
    row: z.number().int(),
    published: z.number().int(),
    skipped: z.number().int(),
    unroutable: z.array(z.string()),
  })
  .catch({ row: 0, published: 0, skipped: 0, unroutable: [] });
type Checkpoint = z.output<typeof checkpoint>;
type Ctx = JobContext<FileReplayPlan, Checkpoint>;

export function ledgerTargetOf(t: FileTarget): string {
  return t.kind === 'rabbitmq'
    ? `rabbitmq:${t.cluster}/${t.vhost}/${t.exchange}`
    : `kafka:${t.cluster}/${t.topic}`;
}

const body = (r: FileRow) => Buffer.from(JSON.stringify(r.record));

interface Sink {
  /** Publishes and returns the ids confirmed (unroutable ones excluded). */
  send(rows: FileRow[]): Promise<{ ok: string[]; unroutable: string[] }>;
  close(): Promise<void>;
}

async function rabbitSink(ctx: Ctx, t: Extract<FileTarget, { kind: 'rabbitmq' }>): Promise<Sink> {
  const c = ctx.env.cluster(t.cluster);
  if (c.kind !== 'rabbitmq') throw new JobError(`cluster ${t.cluster} is not a RabbitMQ cluster`, 422);
  const model: ChannelModel = await new Rabbit(c).amqp(t.vhost);
  model.on('error', () => undefined);
  const ch: ConfirmChannel = await model.createConfirmChannel();
  let lost: string | null = null;
  ch.on('error', (e: Error) => {
    lost ??= e.message;
  });
  ch.on('close', () => {
    lost ??= 'channel closed';
  });
  const returned = new Set<string>();
  ch.on('return', (m: { properties: { messageId?: unknown } }) =>
    returned.add(String(m.properties.messageId)),
  );
  const source = ctx.plan.name;
  return {
    async send(rows) {
      const results = await Promise.all(
        rows.map(
          (r) =>
            new Promise<boolean>((resolve) => {
              ch.publish(
                t.exchange,
                r.key ?? '',
                body(r),
                {
                  mandatory: true,
                  persistent: true,
                  messageId: r.id,
                  contentType: 'application/json',
                  headers: { 'spillway-replay-source': source, 'spillway-replay-line': r.line },
                },
                (err) => resolve(!err),
              );
            }),
        ),
      );
      if (lost) throw new Error(`RabbitMQ: ${lost}`);
      const ok: string[] = [];
      const unroutable: string[] = [];
      rows.forEach((r, i) => {
        if (returned.delete(r.id)) unroutable.push(r.id);
        else if (results[i]) ok.push(r.id);
      });
      return { ok, unroutable };
    },
    close: () => model.close().catch(() => undefined),
  };
}

async function kafkaSink(ctx: Ctx, t: Extract<FileTarget, { kind: 'kafka' }>): Promise<Sink> {
  const c = ctx.env.cluster(t.cluster);
  if (c.kind === 'rabbitmq') throw new JobError(`cluster ${t.cluster} is not a Kafka cluster`, 422);
  const h = openKafka(c);
  const producer: Producer = h.kafka.producer({ allowAutoTopicCreation: false });
  await h.call('connect', () => producer.connect());
  const source = ctx.plan.name;
  return {
    async send(rows) {
      await h.call('produce', () =>
        producer.send({
          topic: t.topic,
          acks: -1,
          messages: rows.map((r) => ({
            key: r.key,
            value: body(r),
            headers: {
              'spillway-replay-source': source,
              'spillway-replay-line': String(r.line),
              'spillway-replay-id': r.id,
            },
          })),
        }),
      );
      return { ok: rows.map((r) => r.id), unroutable: [] };
    },
    close: () => producer.disconnect().catch(() => undefined),
  };
}

/** The plan's rows, checked against the file's hash (a changed file must not be replayed by an old plan). */
export function planRows(plan: FileReplayPlan): FileRow[] {
  const buf = readFileSync(plan.file);
  const sha = createHash('sha256').update(buf).digest('hex');
  if (sha !== plan.sha256)
    throw new JobError(`${plan.name} changed since the job was planned; start a new replay`, 409);
  const keyField = plan.target.kind === 'rabbitmq' ? plan.target.routingKeyField : plan.target.keyField;
  return parseReplayFile(buf.toString('utf8'), { format: plan.format, idField: plan.idField, keyField }).rows;
}

async function run(ctx: Ctx): Promise<'completed' | 'stopped'> {
  const store = replayStore();
  const rows = planRows(ctx.plan);
  const t = ctx.plan.target;
  const sink = t.kind === 'rabbitmq' ? await rabbitSink(ctx, t) : await kafkaSink(ctx, t);
  let cp = ctx.checkpoint();
  try {
    while (cp.row < rows.length) {
      if (ctx.signal.aborted) return 'stopped';
      const slice = rows.slice(cp.row, cp.row + ctx.limiter.chunk(FILE_REPLAY.batch));
      const done = store.replayLedger.published(
        ctx.plan.ledgerTarget,
        slice.map((r) => r.id),
      );
      const seen = new Set<string>();
      const fresh = slice.filter((r) => !done.has(r.id) && !seen.has(r.id) && seen.add(r.id));
      await ctx.limiter.acquire(fresh.length, ctx.signal);
      if (ctx.signal.aborted) return 'stopped';
      const result = fresh.length > 0 ? await sink.send(fresh) : { ok: [], unroutable: [] };
      const next: Checkpoint = {
        row: cp.row + slice.length,
        published: cp.published + result.ok.length,
        skipped: cp.skipped + slice.length - fresh.length,
        unroutable: [...cp.unroutable, ...result.unroutable].slice(-1000),
      };
      store.db.transaction(() => {
        store.replayLedger.record(ctx.plan.ledgerTarget, result.ok, ctx.job.id);
        ctx.commit(next, slice.length);
      })();
      cp = next;
    }
    ctx.audit(
      'replay-file.completed',
      { published: cp.published, skipped: cp.skipped, unroutable: cp.unroutable.length },
      'ok',
    );
    return 'completed';
  } finally {
    await sink.close();
  }
}

registerJobKind<FileReplayPlan, Checkpoint>({
  kind: FILE_REPLAY.kind,
  planSchema: fileReplayPlan,
  checkpointSchema: checkpoint,
  run,
  async view(job) {
    const cp = checkpoint.parse(job.checkpoint);
    return { published: cp.published, skipped: cp.skipped, unroutable: cp.unroutable };
  },
});
