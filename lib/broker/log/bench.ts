/**
 * Partition-log micro-benchmark (not a test): append throughput with batches of 100 records of 100 bytes
 * across 1, 4 and 16 partitions under the group / always / never fsync policies, then read throughput.
 *
 *   npx tsx lib/broker/log/bench.ts [--seconds 3] [--clients 16] [--policies group,always,never]
 *                                   [--partitions 1,4,16] [--dir /path/on/the/disk/to/test]
 *
 * `clients` concurrent producers each keep one append in flight (like kafkajs with acks=-1 waiting for
 * each produce response), spread round-robin over the partitions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FileLogManager } from './log-manager';
import { buildBatch } from './test-fixtures/batches';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    clients: { type: 'string', default: '16' },
    policies: { type: 'string', default: 'group,always,never' },
    partitions: { type: 'string', default: '1,4,16' },
    dir: { type: 'string' },
    'sync-concurrency': { type: 'string', default: '8' },
  },
});

const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const MB = 1024 * 1024;

function template(): Buffer {
  const value = Buffer.alloc(100, 'x');
  const records = Array.from({ length: 100 }, (_, i) => ({ key: `key-${i}`, value }));
  return buildBatch({ records, baseTimestamp: Date.now() });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

interface AppendFigures {
  policy: string;
  partitions: number;
  mbPerSec: number;
  batchesPerSec: number;
  fsyncsPerSec: number;
  p50ms: number;
  p99ms: number;
}

async function appendBench(
  root: string,
  policy: string,
  partitions: number,
  batch: Buffer,
): Promise<AppendFigures> {
  const dir = mkdtempSync(join(root, `append-${policy}-${partitions}-`));
  const m = await FileLogManager.open(dir, {
    fsync: policy,
    syncConcurrency: Number(args['sync-concurrency']),
    warn: () => undefined,
  });
  await m.createTopic('bench', partitions);
  const logs = Array.from({ length: partitions }, (_, p) => m.partition('bench', p));
  const latencies: number[] = [];
  let batches = 0;
  const syncsBefore = m.syncCount;
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const log = logs[c % partitions];
      if (log === undefined) return;
      while (performance.now() < deadline) {
        const t = performance.now();
        await log.append(Buffer.from(batch));
        latencies.push(performance.now() - t);
        batches++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const syncs = m.syncCount - syncsBefore;
  await m.close();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  return {
    policy,
    partitions,
    mbPerSec: (batches * batch.length) / MB / elapsed,
    batchesPerSec: batches / elapsed,
    fsyncsPerSec: syncs / elapsed,
    p50ms: percentile(latencies, 0.5),
    p99ms: percentile(latencies, 0.99),
  };
}

async function readBench(root: string, batch: Buffer): Promise<void> {
  const dir = mkdtempSync(join(root, 'read-'));
  const total = 20_000;
  let m = await FileLogManager.open(dir, { fsync: 'never', warn: () => undefined });
  await m.createTopic('bench', 1, { 'segment.bytes': String(64 * MB) });
  let log = m.partition('bench', 0);
  for (let i = 0; i < total; i += 100) {
    await Promise.all(Array.from({ length: 100 }, () => log.append(Buffer.from(batch))));
  }
  const end = log.highWatermark;
  await m.close();
  for (const [label, cacheBytes] of [
    ['disk (page cache), 1 MiB fetches', 0],
    ['tail cache, 1 MiB fetches', 64 * MB],
  ] as const) {
    m = await FileLogManager.open(dir, { tailCacheBytes: cacheBytes, warn: () => undefined });
    log = m.partition('bench', 0);
    if (cacheBytes > 0) {
      // Fill the tail cache the way a live partition does: with fresh appends.
      for (let i = 0; i < 5000; i += 100) {
        await Promise.all(Array.from({ length: 100 }, () => log.append(Buffer.from(batch))));
      }
    }
    const from = cacheBytes > 0 ? end : 0;
    // One untimed pass warms the JIT (and the page cache); the next passes are timed.
    const passes = cacheBytes > 0 ? 5 : 1;
    let bytes = 0;
    let fetches = 0;
    let start = 0;
    for (let pass = 0; pass <= passes; pass++) {
      if (pass === 1) {
        start = performance.now();
        bytes = 0;
        fetches = 0;
      }
      for (let next = from; next < log.highWatermark; ) {
        const res = await log.read(next, MB);
        bytes += res.records.length;
        fetches++;
        const lastOffsetDelta = res.records.readInt32BE(res.records.length - batch.length + 23);
        next = Number(res.records.readBigInt64BE(res.records.length - batch.length)) + lastOffsetDelta + 1;
      }
    }
    const elapsed = (performance.now() - start) / 1000;
    console.log(
      `read  ${label.padEnd(34)} ${(bytes / MB / elapsed).toFixed(0).padStart(6)} MB/s  ${(fetches / elapsed).toFixed(0)} fetches/s`,
    );
    await m.close();
  }
  rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const root = args.dir ?? mkdtempSync(join(tmpdir(), 'spillway-log-bench-'));
  const batch = template();
  console.log(
    `batch: 100 records x 100 B values = ${batch.length} B; ${CLIENTS} clients, ${SECONDS}s per run; data in ${root}`,
  );
  console.log('policy  partitions     MB/s   batches/s   fsyncs/s   p50 ms   p99 ms');
  for (const policy of args.policies.split(',')) {
    for (const partitions of args.partitions.split(',').map(Number)) {
      const r = await appendBench(root, policy, partitions, batch);
      console.log(
        `${r.policy.padEnd(7)} ${String(r.partitions).padStart(10)} ${r.mbPerSec.toFixed(1).padStart(8)} ${r.batchesPerSec
          .toFixed(0)
          .padStart(11)} ${r.fsyncsPerSec.toFixed(0).padStart(10)} ${r.p50ms.toFixed(2).padStart(8)} ${r.p99ms
          .toFixed(2)
          .padStart(8)}`,
      );
    }
  }
  await readBench(root, batch);
  if (args.dir === undefined) rmSync(root, { recursive: true, force: true });
}

await main();
