/**
 * How expensive durability is on this machine's disk: 4 KiB appends each followed by fdatasync, for about a
 * second, in the temp directory where both brokers keep their data. Group commit cannot acknowledge faster
 * than this, and each call also costs kernel CPU that the clients on the same cores do not get.
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Distribution, distribution } from './stats';

export interface DiskProbe {
  fdatasyncMs: Distribution;
  /** CPU milliseconds (user + system of this process) per append + fdatasync. */
  cpuMsPerSync: number;
}

export function probeFdatasync(durationMs = 1000): DiskProbe {
  const dir = mkdtempSync(join(tmpdir(), 'spillway-bench-disk-'));
  const fd = openSync(join(dir, 'probe.log'), 'w');
  const block = Buffer.alloc(4096, 0x61);
  const samples: number[] = [];
  const cpu0 = process.cpuUsage();
  try {
    const end = performance.now() + durationMs;
    while (performance.now() < end) {
      writeSync(fd, block);
      const t = performance.now();
      fdatasyncSync(fd);
      samples.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    fdatasyncMs: distribution(samples),
    cpuMsPerSync: (cpu.user + cpu.system) / 1000 / Math.max(1, samples.length),
  };
}
