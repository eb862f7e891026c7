/**
 * bench/replay.ts — RabbitMQ replay: throughput with publisher confirms (unlimited rate), and rate-limit
 * accuracy (a job limited to --rate msg/s for --seconds, measured from the job's own confirmed count).
 * Synthetic archive rows are written to a temp store; replayed messages land in a temp queue that is purged
 * and deleted afterwards. Prints figures; asserts nothing.
 *
 *   npx tsx bench/replay.ts [--messages 50000] [--rate 2000] [--seconds 60] [--only throughput,rate]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cliActor } from '../lib/auth/actor';
import { type Config, rabbitmqCluster } from '../lib/config';
import { controlJob } from '../lib/recovery/jobs/control';
import { configEnv } from '../lib/recovery/jobs/env';
import { JobRunner } from '../lib/recovery/jobs/runner';
import { createRabbitReplay } from '../lib/recovery/replay/rabbitmq/replay-create';
import { bindReplayStore } from '../lib/recovery/replay/store-access';
import { type ArchiveInput, openStore, type Store } from '../lib/store';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '50000' },
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '60' },
    only: { type: 'string', default: 'throughput,rate' },
    'body-bytes': { type: 'string', default: '256' },
  },
});

const AMQP = process.env.SPILLWAY_TEST_RABBITMQ ?? 'amqp://guest:guest@127.0.0.1:5672';
const MGMT = process.env.SPILLWAY_TEST_RABBITMQ_MANAGEMENT ?? 'http://guest:guest@127.0.0.1:15672';
const mq = rabbitmqCluster.parse({ name: 'mq', kind: 'rabbitmq', amqpUrl: AMQP, managementUrl: MGMT });
const auth = (() => {
  const u = new URL(MGMT);
  return {
    base: `${u.protocol}//${u.host}`,
    header: `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`,
  };
})();

async function mgmt(method: string, p: string, body?: unknown): Promise<void> {
  const res = await fetch(`${auth.base}${p}`, {
    method,
    headers: { authorization: auth.header, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
}

function rows(queue: string, n: number, bodyBytes: number): ArchiveInput[] {
  const body = Buffer.alloc(bodyBytes, 'x');
  const sha256 = createHash('sha256').update(body).digest('hex');
  return Array.from({ length: n }, (_, i) => ({
    cluster: 'mq',
    vhost: '/',
    queue,
    exchange: '',
    routingKeys: [`${queue}.sink`],
    messageId: `${queue}-${i}`,
    body,
    properties: { messageId: `${queue}-${i}`, deliveryMode: 2 },
    headers: { 'x-death': [{ queue, reason: 'expired', count: 1 }] },
    deathQueue: queue,
    deathReason: 'expired',
    deathTime: Date.now(),
    deathExchange: '',
    deathRoutingKeys: [queue],
    deathCount: 1,
    sha256,
  }));
}

async function setup(store: Store, name: string, n: number): Promise<void> {
  await mgmt('PUT', `/api/queues/%2F/${encodeURIComponent(`${name}.sink`)}`, {
    durable: true,
    arguments: {},
  });
  for (let i = 0; i < n; i += 10_000)
    store.archive.insertMany(rows(name, Math.min(10_000, n - i), Number(args['body-bytes'])));
}

const teardown = (name: string) => mgmt('DELETE', `/api/queues/%2F/${encodeURIComponent(`${name}.sink`)}`);

async function throughput(store: Store, runner: JobRunner): Promise<void> {
  const n = Number(args.messages);
  const name = `bench-replay-tp-${process.pid}`;
  await setup(store, name, n);
  try {
    const { job } = await createRabbitReplay(
      store,
      {
        cluster: mq,
        vhost: '/',
        queue: name,
        since: null,
        until: null,
        reason: null,
        again: false,
        rate: null,
      },
      cliActor(),
      'cli',
      runner.owner,
    );
    const t0 = performance.now();
    const outcome = await runner.runJob(job?.id ?? '', { exitOnError: true });
    const s = (performance.now() - t0) / 1000;
    const done = store.jobs.get(job?.id ?? '')?.done ?? 0;
    console.log(
      `throughput: ${done} messages replayed with confirms in ${s.toFixed(2)} s = ${Math.round(done / s)} msg/s (${outcome}, ${args['body-bytes']} B bodies, persistent, batches of up to 500)`,
    );
  } finally {
    await teardown(name);
  }
}

async function rateAccuracy(store: Store, runner: JobRunner): Promise<void> {
  const rate = Number(args.rate);
  const seconds = Number(args.seconds);
  const n = Math.ceil(rate * (seconds + 10));
  const name = `bench-replay-rate-${process.pid}`;
  await setup(store, name, n);
  try {
    const { job } = await createRabbitReplay(
      store,
      { cluster: mq, vhost: '/', queue: name, since: null, until: null, reason: null, again: false, rate },
      cliActor(),
      'cli',
      runner.owner,
    );
    const id = job?.id ?? '';
    const running = runner.runJob(id, { exitOnError: true, stayWhilePaused: false });
    // Start the clock at the first confirmed batch so connection set-up is not counted.
    while ((store.jobs.get(id)?.done ?? 0) === 0) await new Promise((r) => setTimeout(r, 5));
    const d0 = store.jobs.get(id)?.done ?? 0;
    const t0 = performance.now();
    const perSecond: number[] = [];
    let last = d0;
    for (let i = 0; i < seconds; i++) {
      await new Promise((r) => setTimeout(r, t0 + (i + 1) * 1000 - performance.now()));
      const d = store.jobs.get(id)?.done ?? 0;
      perSecond.push(d - last);
      last = d;
    }
    const elapsed = (performance.now() - t0) / 1000;
    const achieved = (last - d0) / elapsed;
    controlJob(store, id, 'cancel', cliActor());
    await running;
    const min = Math.min(...perSecond);
    const max = Math.max(...perSecond);
    console.log(
      `rate limit: asked ${rate} msg/s for ${seconds} s, got ${(last - d0).toLocaleString('en')} in ${elapsed.toFixed(2)} s = ${achieved.toFixed(1)} msg/s (${(((achieved - rate) / rate) * 100).toFixed(2)}%), per-second min ${min} max ${max}`,
    );
  } finally {
    await teardown(name);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'spillway-bench-replay-'));
  const store = openStore(dir);
  bindReplayStore(store);
  const runner = new JobRunner({ store, env: configEnv({ clusters: [mq] } as unknown as Config) });
  try {
    const only = new Set(String(args.only).split(','));
    if (only.has('throughput')) await throughput(store, runner);
    if (only.has('rate')) await rateAccuracy(store, runner);
  } finally {
    await runner.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
