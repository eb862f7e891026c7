// Runs kcat (librdkafka) as a child process. Always asynchronous: an in-process broker must keep
// serving while kcat talks to it, so spawnSync would deadlock.
import { spawn } from 'node:child_process';

export interface KcatResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const KCAT = process.env.SPILLWAY_KCAT ?? 'kcat';

/**
 * `kcat -b <bootstrap> ...args`, with `input` on stdin; rejects when it does not exit within
 * `timeoutMs` (the child is killed) so a hung kcat fails the test with its output.
 */
export function kcat(
  bootstrap: string,
  args: readonly string[],
  { input, timeoutMs = 30_000 }: { input?: string; timeoutMs?: number } = {},
): Promise<KcatResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(KCAT, ['-b', bootstrap, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcat ${args.join(' ')} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** Like `kcat`, but rejects with kcat's stderr unless it exits 0. */
export async function kcatOk(
  bootstrap: string,
  args: readonly string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<string> {
  const r = await kcat(bootstrap, args, options);
  if (r.code !== 0) throw new Error(`kcat ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** kcat's `-L -J` output (the parts the tests read). */
export interface KcatMetadata {
  originating_broker: { id: number; name: string };
  controllerid: number;
  brokers: { id: number; name: string }[];
  topics: {
    topic: string;
    error?: string;
    partitions: {
      partition: number;
      leader: number;
      replicas: { id: number }[];
      isrs: { id: number }[];
      error?: string;
    }[];
  }[];
}

/** A record as kcat prints it with `-f '%p\t%o\t%k\t%s\n'` (KCAT_LINE_FORMAT). */
export interface KcatLine {
  partition: number;
  offset: number;
  key: string;
  value: string;
}

export const KCAT_LINE_FORMAT = '%p\t%o\t%k\t%s\n';

/** Parses kcat output printed with KCAT_LINE_FORMAT. */
export function parseKcatLines(out: string): KcatLine[] {
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [partition, offset, key, value] = l.split('\t');
      return { partition: Number(partition), offset: Number(offset), key: key ?? '', value: value ?? '' };
    });
}
