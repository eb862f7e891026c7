/**
 * Scenario: appends made in one task are written to the page cache at once (synchronously, coalesced), but
 * under `group` and `always` none is acknowledged, and the high watermark does not move, until an fdatasync
 * that covers it has completed; under `never` they are acknowledged once written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncScheduler } from './fsync';
import { simpleBatch } from './test-fixtures/batches';
import { harness } from './test-fixtures/harness';

const harnesses: ReturnType<typeof harness>[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const h of harnesses.splice(0)) await h.dispose();
});

function open(fsync: string) {
  const h = harness();
  harnesses.push(h);
  return { dir: h.dir, manager: h.open({ fsync }) };
}

/** Holds every fdatasync request until `release()`. */
function gateSyncs(): { release: () => void; requests: () => number } {
  const original = SyncScheduler.prototype.request;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let n = 0;
  vi.spyOn(SyncScheduler.prototype, 'request').mockImplementation(function (this: SyncScheduler, file, upTo) {
    n++;
    return gate.then(() => original.call(this, file, upTo));
  });
  return { release: open, requests: () => n };
}

/** Bytes in the partition's segment files, as the page cache has them. */
function segmentBytes(dir: string): number {
  const logs = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.log'));
  return logs.reduce((n, f) => n + readFileSync(join(dir, f)).length, 0);
}

const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('PartitionWriter durability', () => {
  for (const fsync of ['group', 'always'] as const) {
    it(`${fsync}: written at once, acknowledged only after the fdatasync`, async () => {
      const { dir, manager } = open(fsync);
      const m = await manager;
      const topic = `w-${fsync}`;
      await m.createTopic(topic, 1);
      const log = m.partition(topic, 0);
      const gate = gateSyncs();
      const batches = [simpleBatch(3, 'a'), simpleBatch(2, 'b'), simpleBatch(4, 'c')];
      let acked = 0;
      const appends = batches.map(async (b) => {
        const r = await log.append(b);
        acked++;
        return r;
      });
      // Until the first fdatasync is asked for (`always` writes on the thread pool first).
      for (let i = 0; i < 1_000 && gate.requests() === 0; i++) await ticks(1);
      await ticks(5);
      if (fsync === 'group') {
        // All three in the page cache already (one coalesced synchronous write) ...
        expect(segmentBytes(dir)).toBe(batches.reduce((n, b) => n + b.length, 0));
      }
      // ... but nothing acknowledged or visible to consumers before the fdatasync.
      expect(gate.requests()).toBeGreaterThan(0);
      expect(acked).toBe(0);
      expect(log.highWatermark).toBe(0);
      gate.release();
      const results = await Promise.all(appends);
      expect(results.map((r) => r.baseOffset)).toEqual([0, 3, 5]);
      expect(log.highWatermark).toBe(9);
      expect(segmentBytes(dir)).toBe(batches.reduce((n, b) => n + b.length, 0));
    });
  }

  it('never: acknowledged once written, without an fdatasync', async () => {
    const m = await open('never').manager;
    const topic = 'w-never';
    await m.createTopic(topic, 1);
    const log = m.partition(topic, 0);
    const gate = gateSyncs();
    const results = await Promise.all([log.append(simpleBatch(3, 'a')), log.append(simpleBatch(2, 'b'))]);
    expect(results.map((r) => r.baseOffset)).toEqual([0, 3]);
    expect(log.highWatermark).toBe(5);
    expect(gate.requests()).toBe(0);
    gate.release();
  });
});
