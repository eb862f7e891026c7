/**
 * The measurement plan: every scenario runs against every broker in the same round, rounds start with a
 * different broker each time (rotation), and the median round per broker is reported (throughput, p99):
 * on a shared machine one lucky or disturbed run moves neither side. Every run is printed as it finishes
 * and listed in the details.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runConsume } from '../scenarios/consume';
import { runKcat, writeKcatInput } from '../scenarios/kcat';
import { runLatency } from '../scenarios/latency';
import { runProduce } from '../scenarios/produce';
import { kafkaStartup, spillwayStartup } from '../scenarios/startup';
import type { BenchOptions } from './args';
import { createTopic, messageCount, topicName } from './client';
import type { Runs, TargetResults } from './report';
import { load1, memoryOf } from './sys';
import type { Target } from './targets';

export type Results = Map<string, TargetResults>;

/** Everything a round needs; `topics` collects what was created, for clean-up. */
export interface Plan {
  o: BenchOptions;
  targets: Target[];
  res: Results;
  topics: Map<Target, string[]>;
}

export function progress(message: string): void {
  const time = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${time} load ${load1().toFixed(1)}] ${message}\n`);
}

function rotate<T>(items: T[], r: number): T[] {
  const k = r % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** The middle run by `score` (higher is better); of two, the better one. */
function median<T>(runs: T[], score: (r: T) => number): T {
  const sorted = [...runs].sort((a, b) => score(a) - score(b));
  return sorted[Math.floor(sorted.length / 2)] as T;
}

/** Records a run and makes the median of the runs so far the reported figure. */
function record<K extends keyof Runs>(p: Plan, t: Target, kind: K, run: Runs[K][number]): void {
  t.verify();
  const e = entry(p, t);
  e.runs ??= { produce: [], consume: [], kcat: [], latency: [] };
  const runs = e.runs[kind] as Runs[K][number][];
  runs.push(run);
  if (kind === 'latency') e.latency = median(e.runs.latency, (r) => -r.latencyMs.p99);
  else if (kind === 'produce') e.produce = median(e.runs.produce, (r) => r.msgsPerSec);
  else if (kind === 'consume') e.consume = median(e.runs.consume, (r) => r.msgsPerSec);
  else e.kcat = median(e.runs.kcat, (r) => r.msgsPerSec);
}

function entry(p: Plan, t: Target): TargetResults {
  return p.res.get(t.label) as TargetResults;
}

/**
 * Writes back every dirty page before a timed run, so that an earlier run's unflushed data (Kafka never
 * fsyncs) is not flushed inside the next broker's fdatasync (ext4 data=ordered journal commits do that).
 */
function settleDisk(): void {
  execFileSync('sync');
}

async function freshTopic(p: Plan, t: Target, scenario: string): Promise<string> {
  const topic = topicName(scenario, t.label);
  p.topics.get(t)?.push(topic); // before creating: a half-created topic is deleted too
  await createTopic(t.brokers, topic, p.o.partitions);
  settleDisk();
  return topic;
}

function others(cores: number): string {
  return `others ${cores.toFixed(2)} cores`;
}

/** An untimed produce + read-back per broker first, so neither the client nor a broker runs cold. */
export async function warmUp(p: Plan): Promise<void> {
  const messages = Math.min(200_000, p.o.messages);
  for (const t of p.targets) {
    const topic = await freshTopic(p, t, 'warmup');
    await runProduce(t.brokers, t.pid, topic, { ...p.o, messages });
    await runConsume(t.brokers, t.pid, topic, messages, p.o.valueBytes);
  }
  progress(`warm-up done (${messages} messages produced and read back per broker)`);
}

/** kafkajs produce, then read-back of the same topics; memory is read after the first round. */
export async function throughput(p: Plan, round: number): Promise<void> {
  const written = new Map<Target, string>();
  for (const t of rotate(p.targets, round)) {
    const topic = await freshTopic(p, t, 'kafkajs');
    const r = await runProduce(t.brokers, t.pid, topic, p.o);
    progress(`${t.label} kafkajs produce: ${Math.round(r.msgsPerSec)} msgs/s, ${others(r.cpu.othersCores)}`);
    record(p, t, 'produce', r);
    written.set(t, topic);
  }
  for (const t of rotate(p.targets, round)) {
    const topic = written.get(t) as string;
    const expected = await messageCount(t.brokers, topic);
    if (expected !== p.o.messages) progress(`WARNING ${t.label}: ${expected} stored of ${p.o.messages} sent`);
    if (p.o.only.has('consume')) {
      settleDisk();
      const c = await runConsume(t.brokers, t.pid, topic, expected, p.o.valueBytes);
      progress(
        `${t.label} kafkajs consume: ${Math.round(c.msgsPerSec)} msgs/s, ${others(c.cpu.othersCores)}`,
      );
      record(p, t, 'consume', c);
    }
    if (round === 0 && p.o.only.has('rss')) entry(p, t).rss = memoryOf(t.pid);
  }
}

export async function kcatRound(p: Plan, round: number, dir: string): Promise<void> {
  const input = join(dir, 'kcat-input.txt');
  if (round === 0) await writeKcatInput(input, p.o.kcatMessages, p.o.valueBytes);
  for (const t of rotate(p.targets, round)) {
    const topic = await freshTopic(p, t, 'kcat');
    const r = await runKcat(t.brokers, t.pid, topic, input, p.o.kcatMessages, p.o.valueBytes);
    const stored = await messageCount(t.brokers, topic);
    if (stored !== p.o.kcatMessages)
      throw new Error(`${t.label}: kcat stored ${stored} of ${p.o.kcatMessages}`);
    progress(`${t.label} kcat produce: ${Math.round(r.msgsPerSec)} msgs/s, ${others(r.cpu.othersCores)}`);
    record(p, t, 'kcat', r);
  }
}

/** The same offered load for every broker: half of the lowest kafkajs peak, so none is driven past it. */
export function latencyRate(p: Plan): number {
  if (p.o.rate > 0) return p.o.rate;
  const peaks = [...p.res.values()].flatMap((r) => (r.produce ? [r.produce.msgsPerSec] : []));
  if (peaks.length === 0) throw new Error('latency needs --rate or the kafkajs scenario in the same run');
  return Math.max(p.o.batch, Math.round(Math.min(...peaks) / 2 / p.o.batch) * p.o.batch);
}

export async function latencyRound(p: Plan, round: number, rate: number): Promise<void> {
  const o = p.o;
  const opts = {
    rate,
    batch: o.batch,
    valueBytes: o.valueBytes,
    seconds: o.latencySeconds,
    warmupSeconds: 2,
  };
  for (const t of rotate(p.targets, round)) {
    const topic = await freshTopic(p, t, 'latency');
    const r = await runLatency(t.brokers, t.pid, topic, opts);
    const d = r.latencyMs;
    progress(
      `${t.label} latency @ ${rate}/s: p50 ${d.p50.toFixed(1)} p99 ${d.p99.toFixed(1)} max ${d.max.toFixed(1)} ms, ${others(r.cpu.othersCores)}`,
    );
    record(p, t, 'latency', r);
  }
}

/** Spillway: the median of `startupRuns` per broker build and policy; Kafka: one private instance (slow). */
export async function startup(p: Plan, kafka: Target): Promise<void> {
  for (const t of p.targets) {
    if (t.spillway === undefined) continue;
    const runs = [];
    for (let k = 0; k < p.o.startupRuns; k++)
      runs.push(await spillwayStartup(t.spillway.fsync, t.spillway.bin));
    runs.sort((a, b) => a.seconds - b.seconds);
    progress(`${t.label} start-up: ${runs.map((r) => r.seconds.toFixed(2)).join(', ')} s`);
    entry(p, t).startup = runs[Math.floor(runs.length / 2)];
  }
  const k = await kafkaStartup();
  progress(
    `kafka start-up: ${k.seconds.toFixed(2)} s (storage format before it: ${k.formatSeconds?.toFixed(2)} s)`,
  );
  entry(p, kafka).startup = k;
}
