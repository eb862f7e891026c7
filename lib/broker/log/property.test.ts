/**
 * Property: for any sequence of appends (1-3 batches of 1-5 records, plain or gzip), reads at random
 * offsets and sizes, DeleteRecords and restarts, the log behaves like an array of records: offsets are
 * consecutive, every read returns whole batches starting with the one holding the fetch offset, within
 * maxBytes unless it is a single batch, and every record matches what was appended.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KafkaProtocolError } from '../errors';
import type { FileLogManager } from './log-manager';
import { decodeBatches, simpleBatch } from './test-fixtures/batches';
import { harness } from './test-fixtures/harness';

type Op =
  | { kind: 'append'; batches: Array<{ n: number; gzip: boolean }> }
  | { kind: 'read'; at: number; maxBytes: number }
  | { kind: 'deleteRecords'; at: number }
  | { kind: 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      batches: fc.array(fc.record({ n: fc.integer({ min: 1, max: 5 }), gzip: fc.boolean() }), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('read' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      maxBytes: fc.integer({ min: 1, max: 2000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deleteRecords' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
);

describe('partition log model', () => {
  it('behaves like an array of records under appends, reads, DeleteRecords and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), fc.boolean(), async (ops, cache) => {
        const h = harness({ tailCacheBytes: cache ? 2048 : 0, fsync: 'never' });
        try {
          let m: FileLogManager = await h.open();
          await m.createTopic('prop', 1, { 'segment.bytes': '700', 'index.interval.bytes': '150' });
          const values: string[] = [];
          let logStart = 0;
          let id = 0;
          for (const op of ops) {
            const p = m.partition('prop', 0);
            if (op.kind === 'append') {
              const bufs = op.batches.map((b) =>
                simpleBatch(b.n, `x${id++}`, { compression: b.gzip ? 'gzip' : 'none' }),
              );
              const res = await p.append(Buffer.concat(bufs));
              expect(res.baseOffset).toBe(values.length);
              bufs.forEach((_, i) => {
                for (let r = 0; r < (op.batches[i]?.n ?? 0); r++)
                  values.push(`x${id - bufs.length + i}-${r}`);
              });
              expect(res.lastOffset).toBe(values.length - 1);
            } else if (op.kind === 'read') {
              const at = Math.min(
                values.length,
                logStart + Math.floor(op.at * (values.length - logStart + 1)),
              );
              const res = await p.read(at, op.maxBytes);
              expect(res.highWatermark).toBe(values.length);
              expect(res.logStartOffset).toBe(logStart);
              if (at >= values.length) {
                expect(res.records.length).toBe(0);
                continue;
              }
              const batches = decodeBatches(res.records);
              expect(batches.length).toBeGreaterThan(0);
              if (batches.length > 1) expect(res.records.length).toBeLessThanOrEqual(op.maxBytes);
              const first = batches[0];
              expect(first !== undefined && first.baseOffset <= at && at <= first.lastOffset).toBe(true);
              let expectOffset = first?.baseOffset ?? 0;
              for (const b of batches) {
                expect(b.baseOffset).toBe(expectOffset);
                for (const r of b.records) expect(r.value).toBe(values[r.offset]);
                expectOffset = b.lastOffset + 1;
              }
            } else if (op.kind === 'deleteRecords') {
              const at = Math.min(values.length, Math.floor(op.at * (values.length + 1)));
              const res = await p.deleteRecordsBefore(at).catch((e: unknown) => e);
              if (res instanceof KafkaProtocolError) throw res;
              logStart = Math.max(logStart, at);
              expect(res).toBe(logStart);
            } else {
              await m.close();
              m = await h.open({ tailCacheBytes: cache ? 2048 : 0, fsync: 'never' });
              expect(m.partition('prop', 0).logEndOffset).toBe(values.length);
              expect(m.partition('prop', 0).logStartOffset).toBe(logStart);
            }
          }
        } finally {
          await h.dispose();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
