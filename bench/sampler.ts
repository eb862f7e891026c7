/**
 * The lag sampler's round time and memory at scale: 1,000 consumer groups on 1,000 topics of 10 partitions
 * (10,000 partitions, 10,000 group-partitions, each group with a backlog), on the embedded broker (its own
 * process, as `spillway broker` runs) and on Apache Kafka (scripts/kafka.sh), with the history written to
 * SQLite as in production. Then a synthetic run feeds the same shape to the sampler's state without a
 * broker for many rounds, to show where CPU goes and that memory stays bounded once histories are full.
 * A benchmark, not a test: nothing asserts a timing.
 *
 *   npx tsx bench/sampler.ts                       # both brokers, 10 rounds each, plus the synthetic run
 *   npx tsx bench/sampler.ts --groups 200 --rounds 5 --only spillway
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { configSchema } from '../lib/config';
import { LagSampler, listGroups, renderMetrics } from '../lib/lag/sampler';
import { KafkaClusterState } from '../lib/lag/sampler/kafka-state';
import { samplerSettings } from '../lib/lag/sampler/options';
import { LagPersistence } from '../lib/lag/sampler/persist';
import { createLogger } from '../lib/logger';
import { createSource } from '../lib/sources';
import type { KafkaOffsetsSample, KafkaSource } from '../lib/sources/types';
import { openStore, type Store } from '../lib/store';
import { freePort, REPO_ROOT, spawnBroker, tempDir } from '../test/helpers/broker';
import { DirectCommitter, testClient } from '../test/helpers/source-kafka';

const { values: opts } = parseArgs({
  options: {
    groups: { type: 'string', default: '1000' },
    partitions: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '10' },
    'synthetic-rounds': { type: 'string', default: '400' },
    only: { type: 'string', default: 'spillway,kafka,synthetic' },
  },
});
const GROUPS = Number(opts.groups);
const PARTS = Number(opts.partitions);
const ROUNDS = Number(opts.rounds);
const SYNTH_ROUNDS = Number(opts['synthetic-rounds']);
const ONLY = new Set((opts.only ?? '').split(','));
const log = (msg: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function mapLimit<T>(items: T[], limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** 1,000 topics × 10 partitions, 3 records per partition, each group committed at offset 1 (lag 2). */
async function buildCluster(brokers: string, prefix: string): Promise<string[]> {
  const kafka = testClient([brokers], `${prefix}-setup`);
  const admin = kafka.admin();
  await admin.connect();
  const topics = Array.from({ length: GROUPS }, (_, i) => `${prefix}-t${i}`);
  for (let i = 0; i < topics.length; i += 100) {
    const chunk = topics.slice(i, i + 100);
    await admin.createTopics({
      waitForLeaders: false,
      topics: chunk.map((topic) => ({ topic, numPartitions: PARTS })),
    });
    log(`  created ${i + chunk.length} topics`);
  }
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const committer = new DirectCommitter(kafka);
  await committer.connect();
  const partitions = Array.from({ length: PARTS }, (_, p) => p);
  await mapLimit(topics, 16, async (topic) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await producer.send({
          topic,
          messages: partitions.flatMap((partition) => [0, 1, 2].map((i) => ({ partition, value: `v${i}` }))),
        });
        break;
      } catch (error) {
        if (attempt > 40) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    await committer.commit(
      `${topic}-group`,
      topic,
      partitions.map((p) => [p, 1] as [number, number]),
    );
  });
  log(`  produced and committed ${GROUPS} groups`);
  await committer.disconnect();
  await producer.disconnect();
  await admin.disconnect();
  return topics;
}

async function dropCluster(brokers: string, topics: string[]): Promise<void> {
  const kafka = testClient([brokers], 'sampler-bench-cleanup');
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups(topics.map((t) => `${t}-group`)).catch(() => undefined);
  for (let i = 0; i < topics.length; i += 200) {
    await admin.deleteTopics({ topics: topics.slice(i, i + 200) }).catch(() => undefined);
  }
  await admin.disconnect();
}

interface Figures {
  label: string;
  rounds: number[];
  sample: number[];
  timestamps: number[];
  groups: number;
  partitions: number;
  heapAfter: number;
  dbBytes: number;
  /** The overview's query (all groups, most urgent first) and a /metrics render, from memory. */
  overviewMs: number;
  metricsMs: number;
  metricsBytes: number;
}

async function measure(target: Target): Promise<Figures> {
  const prefix = `sbench-${Date.now().toString(36)}`;
  log(`${target.label}: building ${GROUPS} groups × ${PARTS} partitions`);
  const topics = await buildCluster(target.brokers, prefix);
  const dir = mkdtempSync(path.join(tmpdir(), 'spillway-sampler-bench-'));
  const store = openStore(dir);
  const sample: number[] = [];
  const timestamps: number[] = [];
  const timing =
    <A extends unknown[], R>(into: number[], fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const t0 = performance.now();
      const r = await fn(...a);
      into.push(performance.now() - t0);
      return r;
    };
  const timed = (s: KafkaSource): KafkaSource => ({
    kind: 'kafka',
    cluster: s.cluster,
    sample: timing(sample, () => s.sample()),
    recordTimestamps: timing(timestamps, (p) => s.recordTimestamps(p)),
    snapshot: () => s.snapshot(),
    topic: (n) => s.topic(n),
    listGroups: () => s.listGroups(),
    describeGroup: (g) => s.describeGroup(g),
    close: () => s.close(),
  });
  const config = configSchema.parse({
    clusters: [{ name: 'bench', kind: 'kafka', brokers: [target.brokers] }],
  });
  const sampler = new LagSampler({
    config,
    store,
    settings: { intervalMs: 5000, roundTimeoutMs: 120_000 },
    sourceFactory: (c) => {
      const s = createSource(c);
      return s.kind === 'kafka' ? timed(s) : s;
    },
    log: createLogger('bench', { write: () => undefined }),
  });
  const rounds: number[] = [];
  try {
    for (let i = 0; i < ROUNDS + 1; i++) {
      const t0 = performance.now();
      await sampler.sampleOnce();
      const ms = performance.now() - t0;
      const h = sampler.health()[0];
      if (h?.reachable === false) throw new Error(`round failed: ${h.lastError}`);
      if (i > 0) rounds.push(ms); // the first round also creates every series and restores nothing
      log(`  round ${i}: ${ms.toFixed(0)} ms (${h?.groups} groups, ${h?.partitions} partitions)`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const h = sampler.health()[0];
    let t0 = performance.now();
    const overview = listGroups(sampler, { behind: true });
    const overviewMs = performance.now() - t0;
    t0 = performance.now();
    const metrics = await renderMetrics(sampler);
    const metricsMs = performance.now() - t0;
    log(
      `  overview of ${overview.length} groups: ${overviewMs.toFixed(1)} ms; /metrics: ${metricsMs.toFixed(0)} ms`,
    );
    return {
      overviewMs,
      metricsMs,
      metricsBytes: metrics.body.length,
      label: target.label,
      rounds,
      sample: sample.slice(1),
      timestamps: timestamps.slice(1),
      groups: h?.groups ?? 0,
      partitions: h?.partitions ?? 0,
      heapAfter: heap(),
      dbBytes: statSync(path.join(dir, 'spillway.db')).size + walSize(dir),
    };
  } finally {
    await sampler.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
    await dropCluster(target.brokers, topics);
  }
}

function walSize(dir: string): number {
  try {
    return statSync(path.join(dir, 'spillway.db-wal')).size;
  } catch {
    return 0;
  }
}

/** The sampler's state and store fed synthetic rounds: HWMs and commits move every round. */
function synthetic(store: Store): { assess: number[]; heaps: Array<[number, number]> } {
  const config = configSchema.parse({ clusters: [] });
  const settings = samplerSettings(config);
  const state = new KafkaClusterState('synthetic', settings);
  const persistence = new LagPersistence(store.db, store.lag, settings);
  const assess: number[] = [];
  const heaps: Array<[number, number]> = [];
  const t0 = Date.now() - SYNTH_ROUNDS * 5000;
  for (let r = 0; r < SYNTH_ROUNDS; r++) {
    const takenAt = t0 + r * 5000;
    const sample: KafkaOffsetsSample = {
      kind: 'kafka',
      cluster: 'synthetic',
      takenAt,
      partitions: [],
      groups: [],
      issues: [],
    };
    for (let g = 0; g < GROUPS; g++) {
      const topic = `topic-${g}`;
      const offsets = [];
      for (let p = 0; p < PARTS; p++) {
        const end = 1000 + r * (10 + (p % 3));
        sample.partitions.push({ topic, partition: p, logStart: 0, end });
        offsets.push({
          topic,
          partition: p,
          committed: Math.max(0, end - 50 - (g % 7) * 10),
          metadata: null,
        });
      }
      sample.groups.push({ groupId: `group-${g}`, state: 'Stable', memberCount: 1, offsets });
    }
    const start = performance.now();
    state.observePartitions(sample);
    const { record } = state.assessGroups(sample);
    persistence.writeKafka('synthetic', record);
    assess.push(performance.now() - start);
    if ([0, 49, 149, 299, SYNTH_ROUNDS - 1].includes(r)) heaps.push([r + 1, heap()]);
  }
  return { assess, heaps };
}

interface Target {
  label: string;
  brokers: string;
}

/** `spillway broker` as its own process (fsync never, like Kafka's default), on a free port. */
async function embeddedBroker(): Promise<{ target: Target; stop: () => Promise<void> }> {
  const dir = tempDir('spillway-sampler-bench-broker-');
  const broker = await spawnBroker(dir, await freePort(), ['--fsync', 'never']);
  return {
    target: { label: 'embedded broker', brokers: broker.bootstrap },
    stop: async () => {
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The shared Apache Kafka of scripts/kafka.sh (started when it does not answer; never stopped). */
function sharedKafka(): Target {
  execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'kafka.sh'), 'start'], {
    stdio: 'ignore',
    timeout: 300_000,
  });
  return { label: 'Apache Kafka', brokers: process.env.SPILLWAY_TEST_KAFKA ?? '127.0.0.1:19092' };
}

async function main(): Promise<void> {
  const results: Figures[] = [];
  if (ONLY.has('spillway')) {
    const b = await embeddedBroker();
    try {
      results.push(await measure(b.target));
    } finally {
      await b.stop();
    }
  }
  if (ONLY.has('kafka')) results.push(await measure(sharedKafka()));
  const lines = [
    `sampler round: ${GROUPS} groups × ${PARTS} partitions, ${ROUNDS} rounds after a first one, median (max)`,
  ];
  lines.push(
    '| broker | groups | partitions | round | source.sample() | record timestamps | maths + SQLite | heap after | SQLite | overview | /metrics |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const f of results) {
    const rest = f.rounds.map((r, i) => r - (f.sample[i] ?? 0) - (f.timestamps[i] ?? 0));
    const cell = (xs: number[]) =>
      xs.length ? `${median(xs).toFixed(0)} ms (${Math.max(...xs).toFixed(0)})` : '-';
    lines.push(
      `| ${f.label} | ${f.groups} | ${f.partitions} | ${cell(f.rounds)} | ${cell(f.sample)} | ${cell(f.timestamps)} | ${cell(rest)} | ${mb(f.heapAfter)} | ${mb(f.dbBytes)} | ${f.overviewMs.toFixed(1)} ms | ${f.metricsMs.toFixed(0)} ms (${mb(f.metricsBytes)}) |`,
    );
  }
  if (ONLY.has('synthetic')) {
    const dir = mkdtempSync(path.join(tmpdir(), 'spillway-sampler-synth-'));
    const store = openStore(dir);
    try {
      log(`synthetic: ${SYNTH_ROUNDS} rounds`);
      const s = synthetic(store);
      lines.push(
        '',
        `synthetic (no broker): ${GROUPS * PARTS} group-partitions, ${SYNTH_ROUNDS} rounds, every offset moving`,
      );
      lines.push(
        `maths + SQLite per round: median ${median(s.assess).toFixed(0)} ms, max ${Math.max(...s.assess).toFixed(0)} ms`,
      );
      lines.push(
        `heap after round ${s.heaps.map(([r, h]) => `${r}: ${mb(h)}`).join(', ')}${gc ? '' : ' (no --expose-gc: not collected first)'}`,
      );
      lines.push(`SQLite after the run: ${mb(statSync(path.join(dir, 'spillway.db')).size + walSize(dir))}`);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
