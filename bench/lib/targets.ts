/**
 * The brokers under test. Spillway runs as its own process (`node bin/spillway.js broker`), exactly as a user
 * starts it; Apache Kafka is the shared test broker of scripts/kafka.sh (started when it is not running, and
 * always left running).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { prepareKafka } from './kafka-instance';
import { KAFKA_PID_FILE, KAFKA_PORT, KAFKA_SCRIPT, REPO_ROOT, SPILLWAY_BIN } from './paths';
import { freePort, terminate, waitForPort } from './proc';

const run = promisify(execFile);

export interface Target {
  /** Column label: `spillway (fsync group)`, `kafka`. */
  readonly label: string;
  readonly kind: 'spillway' | 'kafka';
  readonly brokers: string;
  /** The broker's OS process (the JVM for Kafka). */
  readonly pid: number;
  /** Spillway only: how it was started (the start-up scenario starts more of the same). */
  readonly spillway?: { bin: string; fsync: string };
  /** Throws when the broker is no longer the process measured so far (exited, or Kafka restarted by someone). */
  verify(): void;
  /** Stops what the bench started (never the shared Kafka). */
  stop(): Promise<void>;
}

export interface SpillwayOptions {
  fsync: string;
  /** The CLI to run (default bin/spillway.js); another build of it for an A/B run. */
  bin?: string;
  /** Column label prefix (default `spillway`). */
  name?: string;
  /** Directory for `node --cpu-prof` output; no profiling when absent. */
  profileDir?: string;
  /** Further node flags (e.g. --trace-gc, --perf-basic-prof) for investigations. */
  nodeArgs?: string[];
}

/** Starts `node bin/spillway.js broker` on a free port with a fresh data directory. */
export async function startSpillway(opts: SpillwayOptions): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'spillway-bench-'));
  const port = await freePort();
  const logFd = openSync(join(dir, 'broker.log'), 'a');
  const node = [
    ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : []),
    ...(opts.nodeArgs ?? []),
  ];
  const args = [
    ...node,
    opts.bin ?? SPILLWAY_BIN,
    'broker',
    '--port',
    String(port),
    '--data-dir',
    join(dir, 'data'),
  ];
  const child: ChildProcess = spawn(process.execPath, [...args, '--fsync', opts.fsync], {
    cwd: REPO_ROOT,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, SPILLWAY_LOG_LEVEL: 'warn' },
  });
  closeSync(logFd);
  const cleanup = async () => {
    await terminate(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, 60_000);
  } catch (err) {
    const log = readFileSync(join(dir, 'broker.log'), 'utf8');
    await cleanup();
    throw new Error(`spillway broker did not start: ${(err as Error).message}\n${log}`);
  }
  return {
    label: `${opts.name ?? 'spillway'} (fsync ${opts.fsync})`,
    kind: 'spillway',
    brokers: `127.0.0.1:${port}`,
    pid: child.pid as number,
    spillway: { bin: opts.bin ?? SPILLWAY_BIN, fsync: opts.fsync },
    verify: () => {
      if (child.exitCode === null && child.signalCode === null) return;
      const log = readFileSync(join(dir, 'broker.log'), 'utf8').slice(-2000);
      throw new Error(`the spillway broker (fsync ${opts.fsync}) exited during the run:\n${log}`);
    },
    stop: cleanup,
  };
}

function kafkaPid(): number {
  const pid = Number(readFileSync(KAFKA_PID_FILE, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no Kafka pid in ${KAFKA_PID_FILE}`);
  return pid;
}

/** The shared Apache Kafka of scripts/kafka.sh, started if it does not answer. */
export async function sharedKafka(): Promise<Target> {
  await run('bash', [KAFKA_SCRIPT, 'start'], { cwd: REPO_ROOT, timeout: 300_000 });
  const pid = kafkaPid();
  return {
    label: 'kafka',
    kind: 'kafka',
    brokers: `127.0.0.1:${KAFKA_PORT}`,
    pid,
    verify: () => {
      let now = 0;
      try {
        now = kafkaPid();
      } catch {
        // no pid file: stopped
      }
      if (now !== pid || !existsSync(`/proc/${pid}`)) {
        throw new Error(
          `the shared Kafka was stopped or restarted during the run (pid ${pid} -> ${now || 'none'}); ` +
            'its figures would mix two brokers: run the bench again',
        );
      }
    },
    stop: async () => undefined,
  };
}

/**
 * A private Kafka for the whole run (`--kafka private`): same jars and flags as the shared one, but nobody
 * else's tests run against it or restart it, and its memory figure starts from a fresh JVM.
 */
export async function privateKafka(): Promise<Target> {
  const kafka = await prepareKafka();
  const child = kafka.launch();
  const cleanup = async () => {
    await terminate(child, 60_000);
    await rm(kafka.dir, { recursive: true, force: true });
  };
  try {
    // A real Metadata answer, not just an open port (scripts/wait-for-kafka.mjs, as kafka.sh does).
    const probe = join(REPO_ROOT, 'scripts', 'wait-for-kafka.mjs');
    const args = [probe, '--bootstrap', `127.0.0.1:${kafka.port}`, '--timeout-ms', '180000'];
    await run(process.execPath, [...args, '--pid', String(child.pid), '--quiet'], { timeout: 200_000 });
  } catch (err) {
    await cleanup();
    throw new Error(`the private Kafka did not start: ${(err as Error).message}`);
  }
  return {
    label: 'kafka',
    kind: 'kafka',
    brokers: `127.0.0.1:${kafka.port}`,
    pid: child.pid as number,
    verify: () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error('the private Kafka exited');
    },
    stop: cleanup,
  };
}
