import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KafkaProtocolError } from '../errors';
import type { FileLogManager } from './log-manager';
import { buildBatch, decodeBatches, decodeRecords, simpleBatch } from './test-fixtures/batches';
import { type Harness, harness } from './test-fixtures/harness';

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof KafkaProtocolError) return err.errorName;
    throw err;
  }
  return 'NONE';
}

describe.each([
  ['tail cache', 1024 * 1024],
  ['disk reads', 0],
])('partition log append/read (%s)', (_label, tailCacheBytes) => {
  let h: Harness;
  let m: FileLogManager;
  beforeEach(async () => {
    h = harness({ tailCacheBytes });
    m = await h.open();
    await m.createTopic('orders', 1);
  });
  afterEach(() => h.dispose());

  it('assigns consecutive offsets and returns the batches byte for byte', async () => {
    const p = m.partition('orders', 0);
    const first = await p.append(simpleBatch(3, 'a'));
    const second = await p.append(simpleBatch(2, 'b'));
    expect(first).toMatchObject({
      baseOffset: 0,
      lastOffset: 2,
      logAppendTime: -1,
      logStartOffset: 0,
      duplicate: false,
    });
    expect(second).toMatchObject({ baseOffset: 3, lastOffset: 4 });
    expect(p.highWatermark).toBe(5);
    const res = await p.read(0, 1 << 20);
    expect(res).toMatchObject({ highWatermark: 5, lastStableOffset: 5, logStartOffset: 0 });
    const records = decodeRecords(res.records);
    expect(records.map((r) => `${r.offset}:${r.value}`)).toEqual([
      '0:a-0',
      '1:a-1',
      '2:a-2',
      '3:b-0',
      '4:b-1',
    ]);
    const expected = simpleBatch(2, 'b');
    expected.writeBigInt64BE(3n, 0);
    expected.writeInt32BE(0, 12);
    expect(res.records.subarray(res.records.length - expected.length).equals(expected)).toBe(true);
  });

  it('handles several batches in one produce buffer, uncompressed and gzip', async () => {
    const p = m.partition('orders', 0);
    const buf = Buffer.concat([
      simpleBatch(2, 'x'),
      simpleBatch(3, 'y', { compression: 'gzip' }),
      simpleBatch(1, 'z'),
    ]);
    expect(await p.append(buf)).toMatchObject({ baseOffset: 0, lastOffset: 5 });
    const batches = decodeBatches((await p.read(0, 1 << 20)).records);
    expect(batches.map((b) => [b.baseOffset, b.lastOffset])).toEqual([
      [0, 1],
      [2, 4],
      [5, 5],
    ]);
    expect(batches[1]?.records.map((r) => r.value)).toEqual(['y-0', 'y-1', 'y-2']);
  });

  it('writes nothing when any batch of a produce buffer is invalid', async () => {
    const p = m.partition('orders', 0);
    await p.append(simpleBatch(2));
    const bad = simpleBatch(2);
    bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 1, bad.length - 1);
    expect(await rejection(p.append(Buffer.concat([simpleBatch(3), bad])))).toBe('CORRUPT_MESSAGE');
    const cut = simpleBatch(4);
    expect(await rejection(p.append(Buffer.concat([simpleBatch(1), cut.subarray(0, cut.length - 5)])))).toBe(
      'CORRUPT_MESSAGE',
    );
    expect(await rejection(p.append(buildBatch({ records: [{ value: 'a' }], magic: 0 })))).toBe(
      'UNSUPPORTED_FOR_MESSAGE_FORMAT',
    );
    expect(p.logEndOffset).toBe(2);
    expect(m.filePartition('orders', 0).sizeInBytes).toBe(simpleBatch(2).length);
    expect(decodeRecords((await p.read(0, 1 << 20)).records)).toHaveLength(2);
    expect((await p.append(simpleBatch(1))).baseOffset).toBe(2);
  });

  it('returns the batch containing a fetch offset in the middle of a batch', async () => {
    const p = m.partition('orders', 0);
    await p.append(simpleBatch(5, 'a'));
    await p.append(simpleBatch(5, 'b'));
    const batches = decodeBatches((await p.read(7, 1 << 20)).records);
    expect(batches[0]?.baseOffset).toBe(5);
  });

  it('honours maxBytes with whole batches, and always returns one batch larger than maxBytes', async () => {
    const p = m.partition('orders', 0);
    const size = simpleBatch(4).length;
    for (let i = 0; i < 5; i++) await p.append(simpleBatch(4));
    expect((await p.read(0, size * 2 + 10)).records.length).toBe(size * 2);
    expect((await p.read(0, 10)).records.length).toBe(size);
    expect((await p.read(0, 10, { minOneBatch: false })).records.length).toBe(0);
    expect(decodeBatches((await p.read(8, size * 3)).records).map((b) => b.baseOffset)).toEqual([8, 12, 16]);
  });

  it('answers OFFSET_OUT_OF_RANGE outside [logStart, logEnd] and nothing at the high watermark', async () => {
    const p = m.partition('orders', 0);
    await p.append(simpleBatch(3));
    expect((await p.read(3, 100)).records.length).toBe(0);
    expect(await rejection(p.read(4, 100))).toBe('OFFSET_OUT_OF_RANGE');
    expect(await rejection(p.read(-1, 100))).toBe('OFFSET_OUT_OF_RANGE');
  });
});

describe('partition log segments, indexes and timestamps', () => {
  let h: Harness;
  let m: FileLogManager;
  beforeEach(async () => {
    h = harness({ tailCacheBytes: 0 });
    m = await h.open();
  });
  afterEach(() => h.dispose());

  it('finds every offset through the sparse index across many small segments', async () => {
    await m.createTopic('seg', 1, { 'segment.bytes': '700', 'index.interval.bytes': '200' });
    const p = m.partition('seg', 0);
    const sizes: number[] = [];
    for (let i = 0; i < 60; i++) {
      const n = 1 + (i % 4);
      sizes.push(n);
      await p.append(simpleBatch(n, `b${i}`));
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(m.filePartition('seg', 0).segmentCount).toBeGreaterThan(5);
    for (let off = 0; off < total; off++) {
      const batches = decodeBatches((await p.read(off, 1)).records);
      expect(batches).toHaveLength(1);
      const b = batches[0];
      expect(b !== undefined && b.baseOffset <= off && off <= b.lastOffset).toBe(true);
    }
    // A read ending at a segment boundary continues from the next segment on the next fetch.
    let next = 0;
    const seen: number[] = [];
    while (next < total) {
      const recs = decodeRecords((await p.read(next, 700)).records);
      for (const r of recs) if (r.offset >= next) seen.push(r.offset);
      next = (recs[recs.length - 1]?.offset ?? next) + 1;
    }
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  it('looks up offsets by timestamp via the time index, inside uncompressed and gzip batches', async () => {
    await m.createTopic('time', 1, { 'segment.bytes': '800', 'index.interval.bytes': '100' });
    const p = m.partition('time', 0);
    const t0 = 1_700_000_000_000;
    // 40 batches of 3 records; record i of batch b has timestamp t0 + (3b + i) * 10.
    for (let b = 0; b < 40; b++) {
      const records = [0, 1, 2].map((i) => ({ value: `v${3 * b + i}`, timestamp: t0 + (3 * b + i) * 10 }));
      await p.append(
        buildBatch({ records, baseTimestamp: t0 + 3 * b * 10, compression: b % 2 ? 'gzip' : 'none' }),
      );
    }
    expect(m.filePartition('time', 0).segmentCount).toBeGreaterThan(3);
    for (const k of [0, 1, 2, 5, 31, 64, 100, 119]) {
      expect(await p.offsetForTimestamp(t0 + k * 10)).toEqual({ offset: k, timestamp: t0 + k * 10 });
      if (k > 0)
        expect(await p.offsetForTimestamp(t0 + k * 10 - 3)).toEqual({ offset: k, timestamp: t0 + k * 10 });
    }
    expect(await p.offsetForTimestamp(t0 - 1e6)).toEqual({ offset: 0, timestamp: t0 });
    expect(await p.offsetForTimestamp(t0 + 120 * 10)).toBeNull();
    expect(await p.maxTimestamp()).toEqual({ offset: 119, timestamp: t0 + 1190 });
  });

  it('stamps LogAppendTime batches and keeps their CRC valid', async () => {
    await m.createTopic('lat', 1, { 'message.timestamp.type': 'LogAppendTime' });
    const p = m.partition('lat', 0);
    const now = 1_800_000_000_000;
    const res = await p.append(simpleBatch(3, 'a', { baseTimestamp: 5 }), { now });
    expect(res.logAppendTime).toBe(now);
    const [batch] = decodeBatches((await p.read(0, 1 << 20)).records);
    expect(batch).toMatchObject({ logAppendTime: true, maxTimestamp: now });
    expect(batch?.records.every((r) => r.timestamp === now)).toBe(true);
    expect(await p.offsetForTimestamp(now)).toEqual({ offset: 0, timestamp: now });
  });

  it('wakes waiters when data arrives, times out or aborts otherwise', async () => {
    await m.createTopic('wait', 1);
    const p = m.partition('wait', 0);
    expect(await p.waitForData(0, 10)).toBe(false);
    const ac = new AbortController();
    const aborted = p.waitForData(0, 60_000, ac.signal);
    ac.abort();
    expect(await aborted).toBe(false);
    const seen: number[] = [];
    const off = p.onData((hwm) => seen.push(hwm));
    const waiting = p.waitForData(0, 60_000);
    await p.append(simpleBatch(2));
    expect(await waiting).toBe(true);
    expect(await p.waitForData(1, 60_000)).toBe(true);
    off();
    await p.append(simpleBatch(1));
    expect(seen).toEqual([2]);
  });
});

describe('idempotent producers', () => {
  let h: Harness;
  let m: FileLogManager;
  beforeEach(async () => {
    h = harness();
    m = await h.open();
    await m.createTopic('idem', 1);
  });
  afterEach(() => h.dispose());

  const batch = (seq: number, count = 2, epoch = 0, pid = 1000) =>
    simpleBatch(count, `s${seq}`, { producerId: pid, producerEpoch: epoch, baseSequence: seq });

  it('answers a retried batch with its original offsets and writes nothing', async () => {
    const p = m.partition('idem', 0);
    await p.append(batch(0));
    await p.append(batch(2));
    const size = m.filePartition('idem', 0).sizeInBytes;
    expect(await p.append(batch(0))).toMatchObject({ baseOffset: 0, lastOffset: 1, duplicate: true });
    expect(await p.append(batch(2))).toMatchObject({ baseOffset: 2, duplicate: true });
    expect(p.logEndOffset).toBe(4);
    expect(m.filePartition('idem', 0).sizeInBytes).toBe(size);
  });

  it('rejects sequence gaps, stale epochs and non-zero starts of a new epoch', async () => {
    const p = m.partition('idem', 0);
    await p.append(batch(0, 2, 3));
    expect(await rejection(p.append(batch(5, 2, 3)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(await rejection(p.append(batch(2, 2, 2)))).toBe('INVALID_PRODUCER_EPOCH');
    expect(await rejection(p.append(batch(2, 2, 4)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect((await p.append(batch(0, 2, 4))).baseOffset).toBe(2);
    expect(await rejection(p.append(batch(2, 2, 3)))).toBe('INVALID_PRODUCER_EPOCH');
    expect(p.logEndOffset).toBe(4);
  });

  it('accepts an unknown producer at any sequence (KIP-360) and tracks it from there', async () => {
    const p = m.partition('idem', 0);
    expect((await p.append(batch(42))).baseOffset).toBe(0);
    expect(await rejection(p.append(batch(45)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect((await p.append(batch(44))).baseOffset).toBe(2);
  });

  it('remembers the last five batches only', async () => {
    const p = m.partition('idem', 0);
    for (let i = 0; i < 7; i++) await p.append(batch(i * 2));
    expect(await p.append(batch(4))).toMatchObject({ baseOffset: 4, duplicate: true });
    expect(await rejection(p.append(batch(2)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
  });

  it('checks several batches of one produce buffer in order', async () => {
    const p = m.partition('idem', 0);
    expect(await p.append(Buffer.concat([batch(0), batch(2), batch(4)]))).toMatchObject({
      baseOffset: 0,
      lastOffset: 5,
    });
    expect(await rejection(p.append(Buffer.concat([batch(6), batch(9)])))).toBe(
      'OUT_OF_ORDER_SEQUENCE_NUMBER',
    );
    expect(p.logEndOffset).toBe(6);
  });

  it('keeps producer state across a restart', async () => {
    await m.partition('idem', 0).append(batch(0));
    await m.close();
    const m2 = await h.open();
    const p = m2.partition('idem', 0);
    expect(await p.append(batch(0))).toMatchObject({ baseOffset: 0, duplicate: true });
    expect(await rejection(p.append(batch(7)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect((await p.append(batch(2))).baseOffset).toBe(2);
  });
});
