// Embedded brokers for integration tests: in-process (fast, for client conformance) or as a separate
// `spillway broker` process (for crash and restart tests that must kill it for real).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Broker, type BrokerOptions, createBroker } from '../../lib/broker/server';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SPILLWAY_BIN = path.join(REPO_ROOT, 'bin', 'spillway.js');

export function tempDir(prefix = 'spillway-broker-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export interface TestBroker {
  broker: Broker;
  /** `127.0.0.1:<port>` for kafkajs `brokers` and kcat `-b`. */
  bootstrap: string;
  dataDir: string;
  /** Closes the broker and removes its data directory. */
  close(): Promise<void>;
}

/** Starts an embedded broker in this process on a free port with a fresh data dir. */
export async function startTestBroker(options: Partial<BrokerOptions> = {}): Promise<TestBroker> {
  const dataDir = options.dataDir ?? tempDir();
  const broker = await createBroker({ port: 0, ...options, dataDir });
  return {
    broker,
    bootstrap: `127.0.0.1:${broker.port}`,
    dataDir,
    close: async () => {
      await broker.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A free TCP port on loopback (for brokers that run in a child process and must keep their port across restarts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface BrokerProcess {
  child: ChildProcess;
  port: number;
  bootstrap: string;
  /** Everything the process wrote to stderr so far. */
  log(): string;
  /** SIGKILL: no chance to flush or fsync anything. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Runs `spillway broker` as a child process and resolves once it listens. */
export async function spawnBroker(
  dataDir: string,
  port: number,
  extraArgs: string[] = [],
): Promise<BrokerProcess> {
  const child = spawn(
    process.execPath,
    [SPILLWAY_BIN, 'broker', '--port', String(port), '--data-dir', dataDir, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SPILLWAY_LOG_LEVEL: 'info' } },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      if (out.includes('broker listening on')) resolve();
    });
    exited.then((code) => reject(new Error(`broker exited early (${code}): ${stderr}`)));
  });
  return {
    child,
    port,
    bootstrap: `127.0.0.1:${port}`,
    log: () => stderr,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
