/**
 * Scenario: the tail cache (one ring buffer per partition) answers every read exactly as a plain list of the
 * most recent batches within `capacity` bytes would, across ring growth, wrap-around and entry-table growth.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TailCache } from './tail-cache';

interface ModelEntry {
  base: number;
  last: number;
  buf: Buffer;
}

function modelRead(
  entries: ModelEntry[],
  offset: number,
  maxBytes: number,
  limit: number,
  minOne: boolean,
): Buffer | null {
  const first = entries[0];
  if (first === undefined || first.base > offset) return null;
  const from = entries.findIndex((e) => e.last >= offset);
  if (from < 0) return null;
  const parts: Buffer[] = [];
  let size = 0;
  for (const e of entries.slice(from)) {
    if (e.last >= limit) break;
    if (size + e.buf.length > maxBytes && !(minOne && parts.length === 0)) break;
    parts.push(e.buf);
    size += e.buf.length;
  }
  return Buffer.concat(parts, size);
}

function modelPush(entries: ModelEntry[], capacity: number, e: ModelEntry): ModelEntry[] {
  if (e.buf.length > capacity) return [];
  const next = [...entries, e];
  let total = next.reduce((n, x) => n + x.buf.length, 0);
  while (total > capacity) total -= (next.shift() as ModelEntry).buf.length;
  return next;
}

describe('TailCache', () => {
  it('matches a list of the latest batches within capacity, for any pushes and reads', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 40_000 })),
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('push' as const),
              records: fc.integer({ min: 1, max: 5 }),
              size: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 6_000 })),
            }),
            fc.record({
              kind: fc.constant('read' as const),
              back: fc.integer({ min: 0, max: 300 }),
              maxBytes: fc.integer({ min: 0, max: 50_000 }),
              limitBack: fc.integer({ min: 0, max: 20 }),
              minOne: fc.boolean(),
            }),
          ),
          { maxLength: 400 },
        ),
        (capacity, ops) => {
          const cache = new TailCache(capacity);
          let model: ModelEntry[] = [];
          let next = 0;
          let seed = 1;
          for (const op of ops) {
            if (op.kind === 'push') {
              const buf = Buffer.alloc(op.size, seed++ & 0xff);
              if (op.size >= 4) buf.writeUInt32BE(next, 0);
              const e = { base: next, last: next + op.records - 1, buf };
              cache.push(e.base, e.last, e.buf);
              model = modelPush(model, capacity, e);
              next += op.records;
            } else {
              const offset = Math.max(0, next - op.back);
              const limit = next - op.limitBack;
              const got = cache.read(offset, op.maxBytes, limit, op.minOne);
              const want = modelRead(model, offset, op.maxBytes, limit, op.minOne);
              expect(got === null ? null : got.toString('hex')).toBe(
                want === null ? null : want.toString('hex'),
              );
            }
          }
          expect(cache.size).toBe(model.reduce((n, x) => n + x.buf.length, 0));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps thousands of tiny batches and evicts the oldest beyond capacity', () => {
    const cache = new TailCache(10_000);
    for (let i = 0; i < 5_000; i++) cache.push(i, i, Buffer.from([i & 0xff, (i >> 8) & 0xff]));
    // 10,000 bytes: the last 5,000 two-byte batches, all of them.
    expect(cache.size).toBe(10_000);
    const all = cache.read(0, 1 << 20, 5_000, true) as Buffer;
    expect(all.length).toBe(10_000);
    expect(all.readUInt16LE(2 * 4_999)).toBe(4_999);
    for (let i = 5_000; i < 5_300; i++) cache.push(i, i, Buffer.from([i & 0xff, (i >> 8) & 0xff]));
    expect(cache.read(299, 100, 6_000, true)).toBeNull();
    expect((cache.read(300, 4, 6_000, true) as Buffer).readUInt16LE(0)).toBe(300);
  });

  it('grows its entry table while the oldest entry is not in slot 0', () => {
    const cache = new TailCache(100);
    for (let i = 0; i < 10; i++) cache.push(i, i, Buffer.alloc(10, i));
    for (let i = 10; i < 200; i++) cache.push(i, i, Buffer.from([i]));
    expect(cache.size).toBe(100);
    const all = cache.read(100, 1_000, 200, true) as Buffer;
    expect([...all]).toEqual(Array.from({ length: 100 }, (_, k) => 100 + k));
  });

  it('drops everything when a batch larger than the capacity arrives, and caches what follows', () => {
    const cache = new TailCache(1_000);
    cache.push(0, 9, Buffer.alloc(500, 1));
    cache.push(10, 19, Buffer.alloc(2_000, 2));
    expect(cache.read(0, 10_000, 100, true)).toBeNull();
    expect(cache.read(10, 10_000, 100, true)).toBeNull();
    cache.push(20, 29, Buffer.alloc(300, 3));
    expect(cache.read(20, 10_000, 100, true)).toEqual(Buffer.alloc(300, 3));
  });

  it('holds nothing with capacity 0', () => {
    const cache = new TailCache(0);
    cache.push(0, 0, Buffer.alloc(10));
    expect(cache.read(0, 100, 10, true)).toBeNull();
  });
});
