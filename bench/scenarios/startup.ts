/**
 * Time from process start to the first acknowledged produce: the broker process is spawned, and a kafkajs
 * producer (no client retries; the bench retries every 20 ms) connects and sends one message with acks -1
 * to a topic that does not exist yet (auto-created by the broker on the producer's metadata request).
 * Spillway: `node bin/spillway.js broker` on an empty data directory (its compiled CLI up to date).
 * Kafka: a private KRaft node with freshly formatted storage (formatting is timed separately; see
 * kafka-instance.ts). Idle RSS is read just after the first acknowledgement.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, messageBatch, producer } from '../lib/client';
import { prepareKafka } from '../lib/kafka-instance';
import { REPO_ROOT, SPILLWAY_BIN } from '../lib/paths';
import { freePort, sleep, terminate } from '../lib/proc';
import { type Memory, memoryOf } from '../lib/sys';

export interface StartupResult {
  /** Spawn to first acknowledged produce. */
  seconds: number;
  /** Spawn to the first successful client connection (metadata answered). */
  connectSeconds: number;
  idle: Memory;
  /** Kafka only: storage format time, not included in `seconds`. */
  formatSeconds?: number;
}

async function firstAck(brokers: string, child: ChildProcess, start: number, timeoutMs: number) {
  const topic = `bench-startup-${Date.now().toString(36)}`;
  const value = messageBatch(1, 100);
  let connected = 0;
  while (performance.now() - start < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error('the broker exited during start-up');
    const p = producer(client(brokers, 'bench-startup', 0), true);
    try {
      await p.connect();
      if (connected === 0) connected = performance.now();
      await p.send({ topic, acks: -1, messages: value });
      return { acked: performance.now(), connected };
    } catch {
      await sleep(20);
    } finally {
      await p.disconnect().catch(() => undefined);
    }
  }
  throw new Error(`no acknowledged produce within ${timeoutMs} ms`);
}

/**
 * bin/spillway.js rebuilds its compiled CLI when a source file changed since the last run (a one-off cost
 * after an edit, ~0.5 s; see bin/compiled.js). Run it once, untimed, so that a file another engineer saved
 * during the bench is not counted as start-up time.
 */
function ensureCompiled(bin: string): Promise<void> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [bin, '--version'], { cwd: REPO_ROOT, stdio: 'ignore' });
    c.once('exit', () => resolve());
    c.once('error', () => resolve());
  });
}

export async function spillwayStartup(fsync: string, bin = SPILLWAY_BIN): Promise<StartupResult> {
  const dir = await mkdtemp(join(tmpdir(), 'spillway-bench-start-'));
  const port = await freePort();
  await ensureCompiled(bin);
  const start = performance.now();
  const child = spawn(
    process.execPath,
    [bin, 'broker', '--port', String(port), '--data-dir', join(dir, 'data'), '--fsync', fsync],
    { cwd: REPO_ROOT, stdio: 'ignore', env: { ...process.env, SPILLWAY_LOG_LEVEL: 'warn' } },
  );
  try {
    const t = await firstAck(`127.0.0.1:${port}`, child, start, 60_000);
    return {
      seconds: (t.acked - start) / 1000,
      connectSeconds: (t.connected - start) / 1000,
      idle: memoryOf(child.pid as number),
    };
  } finally {
    await terminate(child);
    await rm(dir, { recursive: true, force: true });
  }
}

export async function kafkaStartup(): Promise<StartupResult> {
  const kafka = await prepareKafka();
  const start = performance.now();
  const child = kafka.launch();
  try {
    const t = await firstAck(`127.0.0.1:${kafka.port}`, child, start, 180_000);
    return {
      seconds: (t.acked - start) / 1000,
      connectSeconds: (t.connected - start) / 1000,
      idle: memoryOf(child.pid as number),
      formatSeconds: kafka.formatSeconds,
    };
  } finally {
    await terminate(child, 60_000);
    await rm(kafka.dir, { recursive: true, force: true });
  }
}
