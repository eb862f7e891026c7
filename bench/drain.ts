// bench/drain.ts — the Kafka drain's two figures (issue 7), on the embedded broker (its own process) and
// on Apache Kafka (19092):
//   1. drain time of one backlog for a ~1 ms-per-message handler: factor 1 (the group's own consumers, one
//      per source partition) versus factor 10 (drain into 10× partitions, one worker per temp partition,
//      dispatcher included). Goal ≥ 8x.
//   2. dispatcher copy rate (no workers, no rate limit) versus the raw produce rate into the same broker,
//      with the dispatcher's own writer (wire/writer.ts: idempotent, acks=-1, one 5,000-message chunk in
//      flight per source partition, as the dispatcher does) and, for reference, with kafkajs's producer in
//      the same shape. Goal ≥ 0.7x.
// Run: npx tsx bench/drain.ts [--messages 200000] [--keys 10000] [--copy-messages 1000000]
//        [--target embedded,apache] [--only copy,drain,rate]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cliActor } from '../lib/auth/actor';
import { kafkaCluster } from '../lib/config';
import { createLogger } from '../lib/logger';
import '../lib/recovery/kinds';
import { createKafkaDrain } from '../lib/recovery/drain-kafka/create';
import { DISPATCH } from '../lib/recovery/drain-kafka/dispatch';
import { controlJob } from '../lib/recovery/jobs/control';
import { JobRunner } from '../lib/recovery/jobs/runner';
import { openStore } from '../lib/store';
import { freePort, spawnBroker, tempDir } from '../test/helpers/broker';
import { waitForMembers } from '../test/helpers/drain';
import { kafkaFor } from '../test/helpers/kafkajs';
import { uniqueName } from '../test/helpers/services';
import { Backlog } from './drain-backlog';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '200000' },
    keys: { type: 'string', default: '10000' },
    'copy-messages': { type: 'string', default: '1000000' },
    target: { type: 'string', default: 'embedded,apache' },
    'handler-ms': { type: 'string', default: '1' },
    only: { type: 'string', default: 'copy,drain,rate' },
    rate: { type: 'string', default: '1000' },
    'rate-seconds': { type: 'string', default: '30' },
  },
});
const N = Number(args.messages);
/** Distinct keys in the backlog. Few keys hash unevenly over 30 partitions and cap the speed-up. */
const KEYS = Number(args.keys);
const COPY_N = Number(args['copy-messages']);
const HANDLER_MS = Number(args['handler-ms']);
const PARTITIONS = 3;
const RATE = Number(args.rate);
const RATE_SECONDS = Number(args['rate-seconds']);
const backlog = new Backlog(KEYS, PARTITIONS);
const log = createLogger('bench', { level: 'error' });
const say = (s: string) => process.stderr.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 1_800_000, everyMs = 20) {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('timed out');
    await sleep(everyMs);
  }
}

/** `processes` worker processes (bench/drain-worker.ts) with `each` consumers; `until(n)` sums their counts. */
async function workerProcesses(
  bootstrap: string,
  topic: string,
  group: string,
  processes: number,
  each: number,
) {
  const children = Array.from({ length: processes }, () =>
    spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'drain-worker.ts'),
        bootstrap,
        topic,
        group,
        String(each),
        String(HANDLER_MS),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ),
  );
  const last = children.map(() => ({ count: 0, firstAt: 0, lastAt: 0, ready: false }));
  /** Filled when the workers stop: per partition, messages handled and first/last handled. */
  const partitions: Record<string, { n: number; first: number; last: number }> = {};
  children.forEach((c, i) => {
    let buf = '';
    c.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      const state = last[i];
      if (!state) return;
      for (const line of lines) {
        if (line === 'ready') state.ready = true;
        if (line.startsWith('partitions ')) {
          Object.assign(partitions, JSON.parse(line.slice('partitions '.length)));
          continue;
        }
        const [count, firstAt, lastAt] = line.split(' ').map(Number);
        if (count !== undefined && firstAt !== undefined && lastAt !== undefined && Number.isFinite(count)) {
          Object.assign(state, { count, firstAt, lastAt });
        }
      }
    });
  });
  await waitFor(() => last.every((s) => s.ready), 300_000);
  return {
    async until(n: number) {
      await waitFor(() => last.reduce((a, s) => a + s.count, 0) >= n, 1_800_000, 50);
      await sleep(300);
      const firsts = last.map((s) => s.firstAt).filter((t) => t > 0);
      return { firstAt: Math.min(...firsts), lastAt: Math.max(...last.map((s) => s.lastAt)) };
    },
    partitions,
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/**
 * With BENCH_PROFILE=<dir>: a V8 CPU profile of this process (the dispatcher) over the copy only, written
 * to <dir>/<label>.cpuprofile (open it in Chrome DevTools).
 */
async function startProfile() {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return { stop: async (_label: string) => undefined };
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(label: string) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path.join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

interface Figures {
  target: string;
  rawRate: number;
  /** Raw produce with kafkajs's producer, for reference. */
  rawKafkajsRate: number;
  copyRate: number;
  copyRateWithStart: number;
  factor1Seconds: number;
  factor10Seconds: number;
  /** Measured dispatch rate under a RATE msg/s limit. */
  rate: number;
}

async function benchTarget(name: string, bootstrap: string): Promise<Figures> {
  const kafka = kafkaFor(bootstrap);
  const admin = kafka.admin();
  await admin.connect();
  const dir = mkdtempSync(path.join(tmpdir(), 'spillway-bench-drain-'));
  const store = openStore(dir);
  const cluster = kafkaCluster.parse({ name, kind: 'kafka', brokers: [bootstrap] });
  const env = { cluster: () => cluster };
  const created: string[] = [];
  const topicOf = async (prefix: string) => {
    const t = uniqueName(`bench-${prefix}-${name}`);
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: t, numPartitions: PARTITIONS }] });
    created.push(t);
    return t;
  };
  const drainJob = async (topic: string, group: string) => {
    const runner = new JobRunner({ store, env, log });
    const job = await createKafkaDrain(
      store,
      env,
      { cluster: name, topic, group, factor: 10 },
      cliActor(),
      'cli',
      runner.owner,
    );
    const plan = job.plan as { tempTopic: string; tempGroup: string };
    created.push(plan.tempTopic);
    return { runner, job, plan };
  };
  const atZero = (group: string, topic: string) =>
    admin.setOffsets({
      groupId: group,
      topic,
      partitions: [0, 1, 2].map((p) => ({ partition: p, offset: '0' })),
    });
  try {
    // 2. raw produce rate into a topic shaped like the temp topic (30 partitions, keyed), with the
    // dispatcher's send size and concurrency; then the dispatcher's copy of a 3-partition backlog.
    const only = (args.only ?? '').split(',');
    let rawRate = Number.NaN;
    let rawKafkajsRate = Number.NaN;
    let copyRate = Number.NaN;
    let copyRateWithStart = Number.NaN;
    if (only.includes('copy')) {
      const rawTopic = await topicOf('raw');
      const shaped = uniqueName(`bench-raw30-${name}`);
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: shaped, numPartitions: PARTITIONS * 10 }],
      });
      created.push(shaped);
      say(`${name}: producing ${COPY_N} messages (raw produce rate)…`);
      rawKafkajsRate = await backlog.produce(kafka, shaped, COPY_N, true, DISPATCH.maxChunk);
      rawRate = await backlog.produceWire(kafka, shaped, COPY_N, DISPATCH.maxChunk);
      await backlog.produce(kafka, rawTopic, COPY_N);
      const copyGroup = uniqueName('bench-copy');
      await atZero(copyGroup, rawTopic);
      const copy = await drainJob(rawTopic, copyGroup);
      const profile = await startProfile();
      const t0 = performance.now();
      let tFirst = 0;
      const run = copy.runner.runJob(copy.job.id, { stayWhilePaused: true });
      await waitFor(() => {
        const done = store.jobs.require(copy.job.id).done;
        if (done > 0 && tFirst === 0) tFirst = performance.now();
        return done >= COPY_N;
      });
      const tEnd = performance.now();
      await profile.stop(`drain-copy-${name}`);
      controlJob(store, copy.job.id, 'cancel', cliActor());
      await run;
      copyRate = COPY_N / ((tEnd - tFirst) / 1000);
      copyRateWithStart = COPY_N / ((tEnd - t0) / 1000);
      say(
        `${name}: raw ${Math.round(rawRate)} msg/s (kafkajs ${Math.round(rawKafkajsRate)}), copy ${Math.round(copyRate)} msg/s (${Math.round(copyRateWithStart)} with start-up)`,
      );
    }
    let rateResult = Number.NaN;
    let factor1Seconds = Number.NaN;
    let factor10Seconds = Number.NaN;
    if (only.includes('drain')) {
      // 1. factor 1: the group's own 3 consumers (one per partition, in one worker process) drain N messages
      // with the handler. They join while the topic is empty; the backlog is then produced much faster than
      // they consume it, so the time from the first to the N-th message handled is the drain time.
      const g1 = uniqueName('bench-f1');
      const t1Topic = await topicOf('backlog1');
      say(`${name}: factor 1 — ${PARTITIONS} consumers, ${HANDLER_MS} ms handler, ${N} messages…`);
      const w1 = await workerProcesses(bootstrap, t1Topic, g1, 1, PARTITIONS);
      await waitForMembers(admin, g1, PARTITIONS);
      await backlog.produce(kafka, t1Topic, N);
      const f1 = await w1.until(N);
      factor1Seconds = (f1.lastAt - f1.firstAt) / 1000;
      await w1.stop();

      // factor 10: drain the same-sized backlog into 30 partitions; 30 workers (3 processes × 10) joined
      // before the dispatcher starts; timed from the dispatcher's start to the N-th message handled.
      const g10 = uniqueName('bench-f10');
      const t10Topic = await topicOf('backlog10');
      await backlog.produce(kafka, t10Topic, N);
      await atZero(g10, t10Topic);
      const d = await drainJob(t10Topic, g10);
      const w10 = await workerProcesses(bootstrap, d.plan.tempTopic, d.plan.tempGroup, PARTITIONS, 10);
      await waitForMembers(admin, d.plan.tempGroup, PARTITIONS * 10);
      say(`${name}: factor 10 — 30 workers, ${HANDLER_MS} ms handler, ${N} messages…`);
      const t10 = Date.now();
      const run10 = d.runner.runJob(d.job.id, { stayWhilePaused: true });
      let tFirstCopy = 0;
      let tCopied = 0;
      void waitFor(() => {
        const done = store.jobs.require(d.job.id).done;
        if (done > 0 && tFirstCopy === 0) tFirstCopy = Date.now();
        if (done >= N) tCopied = Date.now();
        return done >= N;
      });
      const f10 = await w10.until(N);
      say(
        `${name}: factor 10: first copy after ${((tFirstCopy - t10) / 1000).toFixed(2)} s, all copied after ${((tCopied - t10) / 1000).toFixed(2)} s, first handled after ${((f10.firstAt - t10) / 1000).toFixed(2)} s`,
      );
      factor10Seconds = (f10.lastAt - t10) / 1000;
      await w10.stop();
      const slowest = Object.entries(w10.partitions).sort((a, b) => b[1].last - a[1].last)[0];
      const fullest = Object.entries(w10.partitions).sort((a, b) => b[1].n - a[1].n)[0];
      const perMsg1 = (factor1Seconds * 1000) / (N / PARTITIONS);
      for (const [what, e] of [
        ['last to finish', slowest],
        ['fullest', fullest],
      ] as const) {
        if (!e) continue;
        const [p, s] = e;
        say(
          `${name}: factor 10: ${what}: temp partition ${p}, ${s.n} messages, first handled at ${((s.first - t10) / 1000).toFixed(2)} s, last at ${((s.last - t10) / 1000).toFixed(2)} s: ${((s.last - s.first) / s.n).toFixed(3)} ms/message (factor 1: ${perMsg1.toFixed(3)})`,
        );
      }
      controlJob(store, d.job.id, 'cancel', cliActor());
      await run10;
      say(`${name}: factor 1 ${factor1Seconds.toFixed(2)} s, factor 10 ${factor10Seconds.toFixed(2)} s`);
    }
    // 3. rate limit: a drain limited to RATE msg/s for RATE_SECONDS; the average over the window after
    // the first commit (the "±5% over 30 s", measured on a real run).
    if (only.includes('rate')) {
      const rateTopic = await topicOf('rate');
      await backlog.produce(kafka, rateTopic, Math.ceil(RATE * (RATE_SECONDS + 10)));
      const rg = uniqueName('bench-rate');
      await atZero(rg, rateTopic);
      const r = await drainJob(rateTopic, rg);
      store.jobs.setRateLimit(r.job.id, RATE);
      const run = r.runner.runJob(r.job.id, { stayWhilePaused: true });
      await waitFor(() => store.jobs.require(r.job.id).done > 0);
      const d0 = store.jobs.require(r.job.id).done;
      const t0 = performance.now();
      await sleep(RATE_SECONDS * 1000);
      const d1 = store.jobs.require(r.job.id).done;
      const measured = (d1 - d0) / ((performance.now() - t0) / 1000);
      controlJob(store, r.job.id, 'cancel', cliActor());
      await run;
      rateResult = measured;
      say(
        `${name}: rate limit ${RATE} msg/s → ${measured.toFixed(1)} msg/s over ${RATE_SECONDS} s (${(((measured - RATE) / RATE) * 100).toFixed(2)}%)`,
      );
    }
    return {
      target: name,
      rawRate,
      rawKafkajsRate,
      copyRate,
      copyRateWithStart,
      factor1Seconds,
      factor10Seconds,
      rate: rateResult,
    };
  } finally {
    await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const targets = (args.target ?? '').split(',');
  const results: Figures[] = [];
  if (targets.includes('embedded')) {
    const dataDir = tempDir('spillway-bench-drain-broker-');
    const broker = await spawnBroker(dataDir, await freePort());
    try {
      results.push(await benchTarget('embedded', broker.bootstrap));
    } finally {
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (targets.includes('apache')) results.push(await benchTarget('apache', '127.0.0.1:19092'));
  const r = (n: number) => Math.round(n).toLocaleString('en-US');
  const skew = backlog.hashSkew(N, PARTITIONS * 10);
  console.log(
    `\nbench/drain: ${N} messages, ${KEYS} keys, ${HANDLER_MS} ms handler; copy: ${COPY_N} messages`,
  );
  console.log(
    `key spread over the 30 temp partitions: the fullest holds ${skew.toFixed(3)}x the mean → factor 10 can be at most ${(10 / skew).toFixed(2)}x faster\n`,
  );
  console.log(
    "| broker | factor 1 (3 consumers) | factor 10 (30 workers, dispatch included) | speed-up | raw produce (dispatcher's writer) | dispatcher copy | copy / raw | raw produce (kafkajs) |",
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const x of results) {
    console.log(
      `| ${x.target} | ${x.factor1Seconds.toFixed(2)} s | ${x.factor10Seconds.toFixed(2)} s | ${(x.factor1Seconds / x.factor10Seconds).toFixed(2)}x | ${r(x.rawRate)} msg/s | ${r(x.copyRate)} msg/s (${r(x.copyRateWithStart)} with start-up) | ${(x.copyRate / x.rawRate).toFixed(2)}x | ${r(x.rawKafkajsRate)} msg/s |`,
    );
  }
  console.log(`\n| broker | rate limit | measured over ${RATE_SECONDS} s | error |\n|---|---|---|---|`);
  for (const x of results) {
    console.log(
      `| ${x.target} | ${RATE} msg/s | ${x.rate.toFixed(1)} msg/s | ${(((x.rate - RATE) / RATE) * 100).toFixed(2)}% |`,
    );
  }
}

await main();
