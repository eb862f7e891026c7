/**
 * kcat (librdkafka) producing `messages` newline-delimited values of `valueBytes` bytes from a pre-generated
 * file: `kcat -P -b <broker> -t <topic> -X acks=all -l <file>`, librdkafka defaults otherwise (linger.ms 5,
 * batch.num.messages 10000, batch.size 1 MB, no compression, consistent_random partitioner, so null keys go to
 * random partitions). Timed by kcat's wall time: process start to exit after every delivery report.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { promisify } from 'node:util';
import { CpuMeter, type CpuWindow } from '../lib/sys';

const run = promisify(execFile);

export interface KcatResult {
  messages: number;
  seconds: number;
  msgsPerSec: number;
  mbPerSec: number;
  cpu: CpuWindow;
}

/** Writes `messages` lines of `valueBytes` printable bytes each (plus the newline delimiter). */
export async function writeKcatInput(path: string, messages: number, valueBytes: number): Promise<void> {
  const out = createWriteStream(path);
  const linesPerChunk = 10_000;
  for (let done = 0; done < messages; done += linesPerChunk) {
    const n = Math.min(linesPerChunk, messages - done);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      lines.push(
        randomBytes(Math.ceil(valueBytes / 2))
          .toString('hex')
          .slice(0, valueBytes),
      );
    }
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}

export async function runKcat(
  brokers: string,
  brokerPid: number,
  topic: string,
  input: string,
  messages: number,
  valueBytes: number,
): Promise<KcatResult> {
  const meter = new CpuMeter(brokerPid);
  const start = performance.now();
  const { stderr } = await run('kcat', ['-P', '-b', brokers, '-t', topic, '-X', 'acks=all', '-l', input], {
    timeout: 600_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  const cpu = meter.stop();
  if (/error/i.test(stderr)) throw new Error(`kcat reported errors: ${stderr.slice(0, 2000)}`);
  return {
    messages,
    seconds,
    msgsPerSec: messages / seconds,
    mbPerSec: (messages * valueBytes) / 1e6 / seconds,
    cpu,
  };
}
