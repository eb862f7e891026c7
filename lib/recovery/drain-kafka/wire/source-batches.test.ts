import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  CONTROL_BIT,
  computeBatchCrc,
  OFF_CRC,
  TRANSACTIONAL_BIT,
  writeInt64,
} from '../../../broker/log/batch';
import { buildBatch } from '../../../broker/log/test-fixtures/batches';
import { readSourceBatches, type SourceRecord } from './source-batches';

// kafkajs's own RecordBatch / Record encoders (the ones its producer uses): independent bytes to read.
const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
  RecordBatch: (spec: Record<string, unknown>) => Promise<{ buffer: Buffer }>;
};
const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (
  spec: Record<string, unknown>,
) => unknown;

const T0 = 1_700_000_000_000;

interface Msg {
  key: string | null;
  value: string | null;
  headers?: Record<string, string | Buffer>;
  timestamp?: number;
}

async function kafkajsBatch(
  baseOffset: number,
  messages: Msg[],
  opts: { gzip?: boolean; transactional?: boolean; producerId?: number; producerEpoch?: number } = {},
): Promise<Buffer> {
  const stamps = messages.map((m) => m.timestamp ?? T0);
  const first = Math.min(...stamps);
  const batch = await RecordBatch({
    compression: opts.gzip ? 1 : 0,
    firstOffset: baseOffset,
    firstTimestamp: first,
    maxTimestamp: Math.max(...stamps),
    lastOffsetDelta: messages.length - 1,
    transactional: opts.transactional ?? false,
    producerId: opts.producerId ?? -1,
    producerEpoch: opts.producerEpoch ?? 0,
    records: messages.map((m, i) =>
      Record({
        key: m.key,
        value: m.value,
        headers: m.headers,
        offsetDelta: i,
        timestampDelta: (m.timestamp ?? T0) - first,
      }),
    ),
  });
  return Buffer.from(batch.buffer);
}

/** A control batch (COMMIT or ABORT marker) of `producerId` at `offset`. */
function marker(offset: number, producerId: number, type: 'abort' | 'commit'): Buffer {
  const key = Buffer.from([0, 0, 0, type === 'abort' ? 0 : 1]);
  const b = buildBatch({
    records: [{ key, value: Buffer.from([0, 0, 0, 0, 0, 0]) }],
    producerId,
    producerEpoch: 0,
    baseSequence: -1,
    attributes: CONTROL_BIT | TRANSACTIONAL_BIT,
  });
  writeInt64(b, 0, offset);
  return b;
}

function values(records: SourceRecord[]): Array<[number, string | null]> {
  return records.map((r) => [r.offset, r.value === null ? null : r.value.toString()]);
}

/** Parses raw header bytes into [key, value] pairs (for assertions only). */
function headerPairs(r: SourceRecord): Array<[string, string | null]> {
  const out: Array<[string, string | null]> = [];
  let at = 0;
  const next = (): number => {
    const z = r.headers[at++] as number; // test headers are short: one-byte varints
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  };
  for (let i = 0; i < r.headerCount; i++) {
    const kl = next();
    const key = r.headers.subarray(at, at + kl).toString();
    at += kl;
    const vl = next();
    out.push([key, vl < 0 ? null : r.headers.subarray(at, at + vl).toString()]);
    if (vl > 0) at += vl;
  }
  expect(at).toBe(r.headers.length);
  return out;
}

describe('readSourceBatches', () => {
  it('reads keys, values, nulls, headers and timestamps of kafkajs batches as views', async () => {
    const a = await kafkajsBatch(100, [
      { key: 'k1', value: 'v1', headers: { h1: 'x', h2: Buffer.from('yy') }, timestamp: T0 + 5 },
      { key: null, value: 'v2', timestamp: T0 },
      { key: 'k3', value: null, timestamp: T0 + 1000 },
      { key: '', value: '', headers: { e: '' } },
    ]);
    const b = await kafkajsBatch(104, [{ key: 'k5', value: 'v5', timestamp: T0 - 7 }]);
    const fetched = Buffer.concat([a, b]);
    const read = readSourceBatches(fetched, 100, null);
    expect(read.nextOffset).toBe(105);
    expect(values(read.records)).toEqual([
      [100, 'v1'],
      [101, 'v2'],
      [102, null],
      [103, ''],
      [104, 'v5'],
    ]);
    expect(read.records.map((r) => r.key?.toString() ?? null)).toEqual(['k1', null, 'k3', '', 'k5']);
    expect(read.records.map((r) => r.timestamp)).toEqual([T0 + 5, T0, T0 + 1000, T0, T0 - 7]);
    expect(read.records.map((r) => r.headerCount)).toEqual([2, 0, 0, 1, 0]);
    const [r0, , , r3] = read.records as [SourceRecord, SourceRecord, SourceRecord, SourceRecord];
    expect(headerPairs(r0)).toEqual([
      ['h1', 'x'],
      ['h2', 'yy'],
    ]);
    expect(headerPairs(r3)).toEqual([['e', '']]);
    // No copies: every field is a view of the fetched bytes.
    expect(r0.value?.buffer).toBe(fetched.buffer);
    expect(r0.headers.buffer).toBe(fetched.buffer);
  });

  it('drops records below the fetch offset when a batch starts before it', async () => {
    const batch = await kafkajsBatch(
      10,
      ['a', 'b', 'c', 'd'].map((v) => ({ key: v, value: v })),
    );
    const read = readSourceBatches(batch, 12, null);
    expect(values(read.records)).toEqual([
      [12, 'c'],
      [13, 'd'],
    ]);
    expect(read.nextOffset).toBe(14);
    expect(readSourceBatches(batch, 14, null)).toEqual({ records: [], nextOffset: 14 });
  });

  it('ignores a truncated trailing batch and stops nextOffset before it', async () => {
    const a = await kafkajsBatch(0, [
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
    const b = await kafkajsBatch(2, [{ key: 'c', value: '3' }]);
    for (const cut of [1, 20, b.length - 61, 10, b.length - 1]) {
      const read = readSourceBatches(Buffer.concat([a, b.subarray(0, cut)]), 0, null);
      expect(values(read.records)).toEqual([
        [0, '1'],
        [1, '2'],
      ]);
      expect(read.nextOffset).toBe(2);
    }
    expect(readSourceBatches(a.subarray(0, a.length - 3), 0, null)).toEqual({ records: [], nextOffset: 0 });
    expect(readSourceBatches(Buffer.alloc(0), 7, null)).toEqual({ records: [], nextOffset: 7 });
    expect(readSourceBatches(null, 7, null)).toEqual({ records: [], nextOffset: 7 });
  });

  it('reads gzip batches (views into the decompressed bytes)', async () => {
    const msgs = Array.from({ length: 50 }, (_, i) => ({
      key: `k${i}`,
      value: `value-${i}`.repeat(3),
      headers: { n: String(i) },
      timestamp: T0 + i,
    }));
    const batch = await kafkajsBatch(1000, msgs, { gzip: true });
    expect(batch.readInt16BE(21) & 7).toBe(1);
    const read = readSourceBatches(batch, 1010, null);
    expect(read.nextOffset).toBe(1050);
    expect(read.records).toHaveLength(40);
    expect(read.records[0]).toMatchObject({ offset: 1010, timestamp: T0 + 10, headerCount: 1 });
    expect(read.records[0]?.key?.toString()).toBe('k10');
    expect(read.records[39]?.value?.toString()).toBe('value-49'.repeat(3));
    expect(headerPairs(read.records[5] as SourceRecord)).toEqual([['n', '15']]);
  });

  it('reports a snappy, lz4 or zstd batch whose records do not decompress, naming the codec and offset', () => {
    // (decompress.test.ts reads real snappy, lz4 and zstd batches)
    for (const [codec, name] of [
      [2, 'snappy'],
      [3, 'lz4'],
      [4, 'zstd'],
    ] as const) {
      const b = buildBatch({ records: [{ value: 'x' }], attributes: codec });
      writeInt64(b, 0, 42);
      expect(() => readSourceBatches(b, 0, null)).toThrow(
        new RegExp(`^corrupt ${name} batch at offset 42: `),
      );
    }
  });

  it('rejects other magic bytes', () => {
    const b = buildBatch({ records: [{ value: 'x' }], magic: 1 });
    expect(() => readSourceBatches(b, 0, null)).toThrow(/magic 1/);
  });

  it('rejects a CRC mismatch', async () => {
    const b = await kafkajsBatch(77, [{ key: 'k', value: 'hello' }]);
    b.writeUInt8(b.readUInt8(b.length - 3) ^ 0x01, b.length - 3);
    expect(() => readSourceBatches(b, 0, null)).toThrow('corrupt record batch at offset 77 (CRC mismatch)');
  });

  it('rejects malformed records even with a valid CRC', async () => {
    const b = await kafkajsBatch(5, [{ key: 'k', value: 'hello' }]);
    // The first record's length varint (right after the 61-byte header): claim 2 bytes more than there are.
    b[61] = (b[61] as number) + 4;
    b.writeUInt32BE(computeBatchCrc(b, 0, b.length), OFF_CRC);
    expect(() => readSourceBatches(b, 0, null)).toThrow(/malformed record batch at offset 5: record 0/);
    const short = buildBatch({ records: [{ value: 'x' }] });
    short.writeInt32BE(20, 8);
    expect(() => readSourceBatches(short, 0, null)).toThrow(/corrupt record batch at offset 0/);
  });

  it('skips control batches but advances nextOffset past them', async () => {
    const fetched = Buffer.concat([
      await kafkajsBatch(0, [{ key: 'a', value: '1' }], { transactional: true, producerId: 9 }),
      marker(1, 9, 'commit'),
    ]);
    const read = readSourceBatches(fetched, 0, []);
    expect(values(read.records)).toEqual([[0, '1']]);
    expect(read.nextOffset).toBe(2);
    expect(readSourceBatches(marker(1, 9, 'commit'), 1, null)).toEqual({ records: [], nextOffset: 2 });
  });

  it('filters aborted transactions like a READ_COMMITTED consumer', async () => {
    const P = 1000;
    const Q = 2000;
    const txn = (offset: number, producerId: number, vs: string[]) =>
      kafkajsBatch(
        offset,
        vs.map((v) => ({ key: v, value: v })),
        { transactional: true, producerId },
      );
    const fetched = Buffer.concat([
      await txn(0, P, ['p-committed-0', 'p-committed-1']),
      marker(2, P, 'commit'),
      await txn(3, P, ['p-aborted-3', 'p-aborted-4']),
      await txn(5, Q, ['q-committed-5', 'q-committed-6']),
      await kafkajsBatch(7, [{ key: 'n', value: 'p-plain-7' }], { producerId: P }),
      await txn(8, P, ['p-aborted-8']),
      marker(9, P, 'abort'),
      marker(10, Q, 'commit'),
      await txn(11, P, ['p-committed-11', 'p-committed-12']),
      marker(13, P, 'commit'),
      await kafkajsBatch(14, [{ key: 'n', value: 'plain-14' }]),
    ]);
    // Unsorted on purpose; Q's aborted transaction starts after everything fetched.
    const aborted = [
      { producerId: Q, firstOffset: 100 },
      { producerId: P, firstOffset: 3 },
    ];
    const read = readSourceBatches(fetched, 0, aborted);
    expect(read.records.map((r) => r.value?.toString())).toEqual([
      'p-committed-0',
      'p-committed-1',
      'q-committed-5',
      'q-committed-6',
      'p-plain-7',
      'p-committed-11',
      'p-committed-12',
      'plain-14',
    ]);
    expect(read.nextOffset).toBe(15);
    // Without aborted-transaction data nothing is filtered, but markers are still skipped.
    expect(readSourceBatches(fetched, 0, null).records).toHaveLength(11);
    // A fetch starting inside the aborted transaction still skips its batches.
    expect(values(readSourceBatches(fetched, 4, aborted).records)[0]).toEqual([5, 'q-committed-5']);
  });

  it('gives every record of a LogAppendTime batch the batch max timestamp', () => {
    const b = buildBatch({
      records: [
        { value: 'a', timestamp: T0 },
        { value: 'b', timestamp: T0 + 3 },
      ],
      attributes: 0x08,
      maxTimestamp: T0 + 999,
    });
    expect(readSourceBatches(b, 0, null).records.map((r) => r.timestamp)).toEqual([T0 + 999, T0 + 999]);
  });
});
