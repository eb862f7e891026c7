/**
 * Spillway's embedded broker side by side with Apache Kafka: same machine, same clients, one run.
 * Run: npx tsx bench/broker.ts [--messages N] [--only kafkajs,consume,kcat,latency,startup,rss]
 *      (or bash bench/run.sh ..., which needs no npm). Not a test: nothing here asserts a timing.
 * See bench/README.md for what every number means.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchOptions, parseBenchArgs, USAGE } from './lib/args';
import { deleteTopics } from './lib/client';
import { probeFdatasync } from './lib/disk';
import { comparisonTable, details, type TargetResults } from './lib/report';
import {
  kcatRound,
  latencyRate,
  latencyRound,
  type Plan,
  progress,
  startup,
  throughput,
  warmUp,
} from './lib/rounds';
import { CORES, load1 } from './lib/sys';
import { privateKafka, sharedKafka, startSpillway, type Target } from './lib/targets';

function banner(o: BenchOptions): string {
  const kcat = execFileSync('kcat', ['-V'], { encoding: 'utf8' }).match(/Version (\S+).*?(librdkafka \S+)/);
  const disk = probeFdatasync();
  const d = disk.fdatasyncMs;
  return [
    `date ${new Date().toISOString()}  node ${process.version}  cores ${CORES}  load1 at start ${load1().toFixed(2)}`,
    `kafkajs 2.2.4, kcat ${kcat?.[1] ?? '?'} (${kcat?.[2] ?? '?'}), Apache Kafka 3.9.1 ` +
      (o.kafka === 'private' ? '(private instance, kafka.sh flags)' : '(shared, scripts/kafka.sh)'),
    `${o.messages} messages of ${o.valueBytes} B, sends of ${o.batch}, ${o.concurrency} sends in flight, acks -1, ` +
      `${o.partitions} partitions; kcat ${o.kcatMessages} messages; median of ${o.repeat} round(s)`,
    `disk: 4 KiB write + fdatasync p50 ${d.p50.toFixed(2)} ms, p99 ${d.p99.toFixed(2)} ms, max ${d.max.toFixed(2)} ms ` +
      `(${disk.cpuMsPerSync.toFixed(3)} cpu-ms each)`,
  ].join('\n');
}

async function measure(plan: Plan, kafka: Target, dir: string): Promise<number> {
  const { o } = plan;
  let rate = o.rate;
  const data = o.only.has('kafkajs') || o.only.has('consume') || o.only.has('rss');
  if (data || (o.only.has('latency') && o.rate === 0)) {
    await warmUp(plan);
    for (let r = 0; r < o.repeat; r++) await throughput(plan, r);
  }
  if (o.only.has('kcat')) for (let r = 0; r < o.repeat; r++) await kcatRound(plan, r, dir);
  if (o.only.has('latency')) {
    rate = latencyRate(plan);
    for (let r = 0; r < o.repeat; r++) await latencyRound(plan, r, rate);
  }
  if (o.only.has('startup')) await startup(plan, kafka);
  return rate;
}

async function main(): Promise<void> {
  const o = parseBenchArgs(process.argv.slice(2));
  const head = banner(o);
  progress(head.replace(/\n/g, '\n  '));
  const dir = await mkdtemp(join(tmpdir(), 'spillway-bench-run-'));
  const kafka = o.kafka === 'private' ? await privateKafka() : await sharedKafka();
  const spillways: Target[] = [];
  const plan: Plan = {
    o,
    targets: [kafka],
    res: new Map([[kafka.label, {}]]),
    topics: new Map([[kafka, []]]),
  };
  let rate = o.rate;
  try {
    const builds = o.candidate ? [{}, { bin: o.candidate, name: 'candidate' }] : [{}];
    for (const build of builds) {
      for (const fsync of o.fsync) {
        const profileDir = o.profileDir
          ? join(o.profileDir, `${build.name ?? 'spillway'}-${fsync}`)
          : undefined;
        const t = await startSpillway({ fsync, ...build, ...(profileDir ? { profileDir } : {}) });
        spillways.push(t);
        plan.targets.push(t);
        plan.topics.set(t, []);
        plan.res.set(t.label, {});
      }
    }
    rate = await measure(plan, kafka, dir);
  } finally {
    await deleteTopics(kafka.brokers, plan.topics.get(kafka) ?? []).catch((e: Error) =>
      progress(`clean-up: ${e.message}`),
    );
    for (const t of spillways) await t.stop();
    await kafka.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const theirs = plan.res.get(kafka.label) as TargetResults;
  const out = [head, ''];
  for (const t of spillways)
    out.push(comparisonTable(t.label, plan.res.get(t.label) as TargetResults, theirs, rate), '');
  out.push(details(plan.res), `load1 at end ${load1().toFixed(2)}`);
  console.log(out.join('\n'));
  if (o.json) {
    const json = { options: { ...o, only: [...o.only] }, rate, results: Object.fromEntries(plan.res) };
    await writeFile(o.json, `${JSON.stringify(json, null, 2)}\n`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  console.error(USAGE.split('\n')[0]);
  process.exitCode = 1;
});
