/**
 * Where the broker's CPU goes under a kafkajs produce load: broker CPU (user/system), and the V8 collections
 * (from --trace-gc) during the timed part, for this tree and optionally a candidate build side by side.
 * Run: npx tsx bench/gc.ts [--messages N] [--fsync never] [--rounds 2] [--candidate FILE]
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createTopic, topicName } from './lib/client';
import { startSpillway, type Target } from './lib/targets';
import { runProduce } from './scenarios/produce';

interface GcCount {
  count: number;
  ms: number;
}

function collections(lines: string[], kind: string): GcCount {
  const hits = lines.filter((l) => l.includes(kind));
  const ms = hits.reduce((a, l) => a + Number(/, ([\d.]+) \/ [\d.]+ ms/.exec(l)?.[1] ?? 0), 0);
  return { count: hits.length, ms };
}

async function measure(t: Target, messages: number): Promise<string> {
  const log = readlinkSync(`/proc/${t.pid}/fd/1`);
  const topic = topicName('gc', t.label);
  await createTopic(t.brokers, topic, 4);
  const o = { batch: 100, valueBytes: 100, concurrency: 8 };
  await runProduce(t.brokers, t.pid, topic, { ...o, messages: Math.min(50_000, messages) });
  const before = readFileSync(log, 'utf8').split('\n').length;
  const r = await runProduce(t.brokers, t.pid, topic, { ...o, messages });
  const lines = readFileSync(log, 'utf8').split('\n').slice(before);
  const s = collections(lines, 'Scavenge');
  const m = collections(lines, 'Mark-Compact');
  const perM = (x: number) => ((x / messages) * 1e6).toFixed(2);
  return (
    `${t.label.padEnd(28)} ${Math.round(r.msgsPerSec).toString().padStart(7)} msgs/s  broker ${perM(r.cpu.broker)} cpu-s/1M ` +
    `(sys ${perM(r.cpu.brokerSys)})  scavenges ${s.count} (${s.ms.toFixed(0)} ms)  ` +
    `mark-compacts ${m.count} (${m.ms.toFixed(0)} ms)  others ${r.cpu.othersCores.toFixed(2)} cores`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string' },
      fsync: { type: 'string' },
      rounds: { type: 'string' },
      candidate: { type: 'string' },
    },
  });
  const messages = Number(values.messages ?? 500_000);
  const builds = [{}, ...(values.candidate ? [{ bin: values.candidate, name: 'candidate' }] : [])];
  const targets: Target[] = [];
  try {
    for (const build of builds) {
      for (const fsync of (values.fsync ?? 'never,group').split(',')) {
        targets.push(await startSpillway({ fsync, ...build, nodeArgs: ['--trace-gc'] }));
      }
    }
    for (let round = 0; round < Number(values.rounds ?? 2); round++) {
      for (const t of targets) console.log(await measure(t, messages));
    }
  } finally {
    for (const t of targets) await t.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
