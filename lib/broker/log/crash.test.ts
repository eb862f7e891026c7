/**
 * Scenario: a process appending with the default (group) fsync policy is SIGKILLed twice; after each
 * crash the log reopens and every acknowledged append is present exactly once, at its acknowledged
 * offset, in order, with no duplicates and no offset gaps.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLogManager } from './log-manager';
import { decodeRecords } from './test-fixtures/batches';
import { makeTempDir } from './test-fixtures/temp';

const CHILD = fileURLToPath(new URL('./test-fixtures/crash-child.ts', import.meta.url));

interface Ack {
  partition: number;
  id: number;
  baseOffset: number;
}

/** Runs the child until it has acknowledged `count` appends, then SIGKILLs it. */
function runAndKill(dir: string, firstId: number, count: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(firstId)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Ack[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [kind, p, id, base] = line.split(' ');
      if (kind !== 'ack') return;
      acks.push({ partition: Number(p), id: Number(id), baseOffset: Number(base) });
      if (acks.length === count) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

async function readPartition(
  m: FileLogManager,
  partition: number,
): Promise<Array<{ offset: number; value: string }>> {
  const p = m.partition('crash', partition);
  const out: Array<{ offset: number; value: string }> = [];
  let next = 0;
  while (next < p.highWatermark) {
    const recs = decodeRecords((await p.read(next, 64 * 1024)).records).filter((r) => r.offset >= next);
    for (const r of recs) out.push({ offset: r.offset, value: r.value ?? '' });
    next = (recs[recs.length - 1]?.offset ?? next) + 1;
  }
  return out;
}

describe('crash safety', () => {
  const { dir, cleanup } = makeTempDir('spillway-crash-');
  afterEach(() => cleanup());

  it('keeps every acknowledged append exactly once, in order, across two SIGKILLs', async () => {
    const acks = [...(await runAndKill(dir, 0, 1500)), ...(await runAndKill(dir, 1_000_000, 1500))];
    const m = await FileLogManager.open(dir, { warn: () => undefined });
    try {
      for (const partition of [0, 1]) {
        const records = await readPartition(m, partition);
        expect(records.map((r) => r.offset)).toEqual(records.map((_, i) => i));
        const batchAt = new Map<number, string>();
        const seen = new Set<string>();
        for (let i = 0; i < records.length; i += 3) {
          const id = (records[i] as { value: string }).value.replace(/-0$/, '');
          expect(records.slice(i, i + 3).map((r) => r.value)).toEqual([`${id}-0`, `${id}-1`, `${id}-2`]);
          expect(seen.has(id)).toBe(false);
          seen.add(id);
          batchAt.set(i, id);
        }
        const mine = acks.filter((a) => a.partition === partition);
        expect(mine.length).toBeGreaterThan(100);
        for (const ack of mine) expect(batchAt.get(ack.baseOffset)).toBe(`id${ack.id}`);
      }
    } finally {
      await m.close();
    }
  }, 60_000);
});
