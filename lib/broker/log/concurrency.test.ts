/**
 * Scenario: appends, tailing and random reads, timestamp lookups, retention and DeleteRecords all run at
 * once on a partition with tiny segments. Reads may only fail with OFFSET_OUT_OF_RANGE (their offset was
 * deleted under them); every acknowledged append is readable until retention removes it.
 */
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { KafkaProtocolError } from '../errors';
import { decodeBatches, simpleBatch } from './test-fixtures/batches';
import { harness } from './test-fixtures/harness';

describe('concurrent maintenance', () => {
  it('never breaks readers or writers while segments are deleted under them', async () => {
    const h = harness({ tailCacheBytes: 512 });
    try {
      const m = await h.open();
      await m.createTopic('busy', 1, {
        'segment.bytes': '600',
        'retention.bytes': '3000',
        'index.interval.bytes': '100',
      });
      const p = m.partition('busy', 0);
      let stop = false;
      const unexpected: unknown[] = [];
      const guard = async (fn: () => Promise<unknown>) => {
        try {
          await fn();
        } catch (err) {
          if (!(err instanceof KafkaProtocolError && err.errorName === 'OFFSET_OUT_OF_RANGE'))
            unexpected.push(err);
        }
      };
      const writer = async () => {
        for (let i = 0; i < 400; i++) await p.append(simpleBatch(1 + (i % 3), `w${i}`));
        stop = true;
      };
      const reader = async () => {
        while (!stop) {
          const at = p.logStartOffset + Math.floor(Math.random() * (p.highWatermark - p.logStartOffset + 1));
          await guard(async () => {
            const res = await p.read(at, 300);
            if (at < res.highWatermark && res.records.length > 0) {
              const first = decodeBatches(res.records)[0];
              expect(first !== undefined && first.baseOffset <= at && at <= first.lastOffset).toBe(true);
            }
          });
          await guard(() => p.offsetForTimestamp(0));
          await tick();
        }
      };
      const janitor = async () => {
        while (!stop) {
          await m.runRetention();
          await guard(() => p.deleteRecordsBefore(Math.max(0, p.highWatermark - 40)));
          await new Promise((r) => setTimeout(r, 1));
        }
      };
      await Promise.all([writer(), reader(), reader(), janitor()]);
      expect(unexpected).toEqual([]);
      expect(p.logEndOffset).toBe(799);
      const tail = decodeBatches((await p.read(p.logStartOffset, 1 << 20)).records);
      expect(tail.length).toBeGreaterThan(0);
    } finally {
      await h.dispose();
    }
  }, 60_000);
});
