/**
 * The comparison table: one row per metric, Spillway beside Kafka, and a ratio oriented so that > 1 always
 * means Spillway is better (Spillway/Kafka for throughput, Kafka/Spillway for latency, time and memory).
 * Printed as Markdown so a run can be pasted into bench/README.md as it is.
 */
import type { ConsumeResult } from '../scenarios/consume';
import type { KcatResult } from '../scenarios/kcat';
import type { LatencyResult } from '../scenarios/latency';
import type { ProduceResult } from '../scenarios/produce';
import type { StartupResult } from '../scenarios/startup';
import { describeRequests } from './requests';
import type { CpuWindow, Memory } from './sys';

/** Every round's result, in order. */
export interface Runs {
  produce: ProduceResult[];
  consume: ConsumeResult[];
  kcat: KcatResult[];
  latency: LatencyResult[];
}

/** The reported figure of each scenario is the median round (see rounds.ts). */
export interface TargetResults {
  runs?: Runs;
  produce?: ProduceResult;
  consume?: ConsumeResult;
  kcat?: KcatResult;
  latency?: LatencyResult;
  startup?: StartupResult;
  /** Broker memory after the first kafkajs round (N messages produced and read back). */
  rss?: Memory;
}

interface Metric {
  name: string;
  better: 'higher' | 'lower';
  /** Minimum ratio (oriented, > 1 better) for the goal, with its wording. */
  goal?: { ratio: number; text: string };
  digits: number;
  get: (r: TargetResults) => number | undefined;
}

const MIB = 1024 * 1024;

function metrics(rate: number): Metric[] {
  const perMillion = (cpu: CpuWindow | undefined, n: number | undefined) =>
    cpu && n ? (cpu.broker / n) * 1e6 : undefined;
  return [
    {
      name: 'kafkajs produce, msgs/s',
      better: 'higher',
      goal: { ratio: 1, text: '≥ 1.0x' },
      digits: 0,
      get: (r) => r.produce?.msgsPerSec,
    },
    { name: 'kafkajs produce, MB/s (values)', better: 'higher', digits: 1, get: (r) => r.produce?.mbPerSec },
    {
      name: 'broker CPU s per 1M produced (kafkajs)',
      better: 'lower',
      digits: 1,
      get: (r) => perMillion(r.produce?.cpu, r.produce?.messages),
    },
    {
      name: 'kafkajs consume, msgs/s',
      better: 'higher',
      goal: { ratio: 1, text: '≥ 1.0x' },
      digits: 0,
      get: (r) => r.consume?.msgsPerSec,
    },
    {
      name: 'kcat produce, msgs/s',
      better: 'higher',
      goal: { ratio: 0.8, text: '≥ 0.8x' },
      digits: 0,
      get: (r) => r.kcat?.msgsPerSec,
    },
    {
      name: `produce p99 ms @ ${Math.round(rate)} msgs/s`,
      better: 'lower',
      goal: { ratio: 1, text: '≤ Kafka' },
      digits: 1,
      get: (r) => r.latency?.latencyMs.p99,
    },
    { name: 'produce p50 ms (same load)', better: 'lower', digits: 1, get: (r) => r.latency?.latencyMs.p50 },
    { name: 'produce max ms (same load)', better: 'lower', digits: 1, get: (r) => r.latency?.latencyMs.max },
    {
      name: 'start → first acked produce, s',
      better: 'lower',
      goal: { ratio: 4, text: '≤ 0.25x' },
      digits: 2,
      get: (r) => r.startup?.seconds,
    },
    {
      name: 'RSS after N msgs in+out, MiB',
      better: 'lower',
      goal: { ratio: 4, text: '≤ 0.25x' },
      digits: 0,
      get: (r) => (r.rss ? r.rss.rss / MIB : undefined),
    },
    {
      name: 'RSS idle after start, MiB',
      better: 'lower',
      digits: 0,
      get: (r) => (r.startup ? r.startup.idle.rss / MIB : undefined),
    },
  ];
}

function fmt(n: number | undefined, digits: number): string {
  if (n === undefined || Number.isNaN(n)) return '—';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** One Markdown table comparing `ours` with `kafka`. */
export function comparisonTable(
  label: string,
  ours: TargetResults,
  kafka: TargetResults,
  rate: number,
): string {
  const lines = [
    `| metric | ${label} | kafka | ratio (>1 = Spillway better) | goal | met? |`,
    '|---|---:|---:|---:|---|---|',
  ];
  for (const m of metrics(rate)) {
    const a = m.get(ours);
    const b = m.get(kafka);
    if (a === undefined && b === undefined) continue;
    const ratio = a !== undefined && b !== undefined ? (m.better === 'higher' ? a / b : b / a) : undefined;
    const met = m.goal === undefined || ratio === undefined ? '' : ratio >= m.goal.ratio ? 'yes' : '**no**';
    const r = ratio === undefined ? '—' : `${fmt(ratio, 2)}x`;
    lines.push(
      `| ${m.name} | ${fmt(a, m.digits)} | ${fmt(b, m.digits)} | ${r} | ${m.goal?.text ?? ''} | ${met} |`,
    );
  }
  return lines.join('\n');
}

function cpuNote(c: CpuWindow): string {
  return `broker ${c.broker.toFixed(1)} cpu-s (sys ${c.brokerSys.toFixed(1)}), client ${c.client.toFixed(1)} cpu-s, others ${c.othersCores.toFixed(2)} cores, load ${c.load1.toFixed(1)}`;
}

/** Per-target details: timings, CPU split, and how busy the rest of the machine was. */
export function details(results: Map<string, TargetResults>): string {
  const out: string[] = [];
  for (const [label, r] of results) {
    out.push(`${label}:`);
    if (r.produce) {
      const p = r.produce;
      out.push(`  kafkajs produce  ${p.messages} msgs in ${p.seconds.toFixed(2)} s; ${cpuNote(p.cpu)}`);
      out.push(`                   ${describeRequests(p.requests, ['Produce'])}`);
    }
    if (r.consume) {
      const c = r.consume;
      out.push(
        `  kafkajs consume  ${c.messages} msgs in ${c.seconds.toFixed(2)} s after ${c.joinSeconds.toFixed(2)} s of group join; ${cpuNote(c.cpu)}`,
        `                   ${describeRequests(c.requests, ['Fetch', 'OffsetCommit'])}`,
      );
    }
    if (r.kcat)
      out.push(
        `  kcat produce     ${r.kcat.messages} msgs in ${r.kcat.seconds.toFixed(2)} s; ${cpuNote(r.kcat.cpu)}`,
      );
    if (r.latency) {
      const l = r.latency;
      out.push(
        `  latency          ${l.latencyMs.count} sends at ${Math.round(l.rate)} msgs/s offered, ${Math.round(l.achieved)} acked/s, ${l.errors} errors; ${cpuNote(l.cpu)}`,
      );
    }
    if (r.startup) {
      const s = r.startup;
      const format =
        s.formatSeconds === undefined ? '' : `; storage format before it ${s.formatSeconds.toFixed(2)} s`;
      out.push(
        `  start-up         first connect ${s.connectSeconds.toFixed(2)} s, first ack ${s.seconds.toFixed(2)} s${format}`,
      );
    }
    if (r.rss)
      out.push(
        `  memory           RSS ${(r.rss.rss / MIB).toFixed(0)} MiB, peak ${(r.rss.peak / MIB).toFixed(0)} MiB`,
      );
    if (r.runs) out.push(...roundLines(r.runs));
  }
  return out.join('\n');
}

/** Every round, in run order, so the spread behind each median is visible. */
function roundLines(runs: Runs): string[] {
  const k = (n: number) => `${(n / 1000).toFixed(0)}k`;
  const lines = [
    [
      'kafkajs produce',
      runs.produce.map((r) => `${k(r.msgsPerSec)} (others ${r.cpu.othersCores.toFixed(1)})`),
    ],
    [
      'kafkajs consume',
      runs.consume.map((r) => `${k(r.msgsPerSec)} (others ${r.cpu.othersCores.toFixed(1)})`),
    ],
    ['kcat produce', runs.kcat.map((r) => `${k(r.msgsPerSec)} (others ${r.cpu.othersCores.toFixed(1)})`)],
    [
      'p99 ms',
      runs.latency.map((r) => `${r.latencyMs.p99.toFixed(1)} (others ${r.cpu.othersCores.toFixed(1)})`),
    ],
  ] as const;
  return lines
    .filter(([, v]) => v.length > 0)
    .map(([name, v]) => `  rounds: ${name.padEnd(16)}${v.join(' | ')}`);
}
