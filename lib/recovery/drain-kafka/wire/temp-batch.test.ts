import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { crcMatches, readBatchHeader } from '../../../broker/log/batch';
import { type ValidationLimits, validateProduceRecords } from '../../../broker/log/validate';
import { readSourceBatches, type SourceRecord } from './source-batches';
import { encodeTempBatch, ProvenanceHeaders } from './temp-batch';

// kafkajs's own encoders and RecordBatch decoder: an independent reader of what encodeTempBatch writes.
const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
  RecordBatch: (spec: Record<string, unknown>) => Promise<{ buffer: Buffer }>;
};
const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (
  spec: Record<string, unknown>,
) => unknown;
const Header = require('kafkajs/src/protocol/recordBatch/header/v0/index.js') as (h: {
  key: string;
  value: string;
}) => { buffer: Buffer };
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => unknown;
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (d: unknown) => Promise<{
  firstOffset: string;
  partitionLeaderEpoch: number;
  lastOffsetDelta: number;
  firstTimestamp: string;
  maxTimestamp: string;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  inTransaction: boolean;
  isControlBatch: boolean;
  records: {
    offset: string;
    timestamp: string;
    key: Buffer | null;
    value: Buffer | null;
    headers: Record<string, Buffer | Buffer[]>;
  }[];
}>;

const T0 = 1_700_000_000_000;
const FIXED: Array<[string, string]> = [
  ['spillway.source-topic', 'orders'],
  ['spillway.source-partition', '3'],
  ['spillway.job', 'job-é1'],
];
const provenance = new ProvenanceHeaders(FIXED, 'spillway.source-offset');
const limits: ValidationLimits = {
  maxMessageBytes: 64 * 1024 * 1024,
  segmentBytes: 1 << 30,
  timestampBeforeMaxMs: Number.MAX_SAFE_INTEGER,
  timestampAfterMaxMs: Number.MAX_SAFE_INTEGER,
  logAppendTime: false,
  now: T0,
};

/** Source records as the dispatcher gets them: a kafkajs-encoded batch read back by readSourceBatches. */
async function sourceRecords(
  baseOffset: number,
  msgs: { key: string | null; value: string | null; headers?: Record<string, string>; timestamp: number }[],
): Promise<SourceRecord[]> {
  const first = Math.min(...msgs.map((m) => m.timestamp));
  const batch = await RecordBatch({
    firstOffset: baseOffset,
    firstTimestamp: first,
    maxTimestamp: Math.max(...msgs.map((m) => m.timestamp)),
    lastOffsetDelta: msgs.length - 1,
    records: msgs.map((m, i) => Record({ ...m, offsetDelta: i, timestampDelta: m.timestamp - first })),
  });
  return readSourceBatches(Buffer.from(batch.buffer), baseOffset, null).records;
}

/** The header bytes kafkajs would write for these pairs. */
function kafkajsHeaders(pairs: Array<[string, string]>): Buffer {
  return Buffer.concat(pairs.map(([key, value]) => Header({ key, value }).buffer));
}

const str = (b: Buffer | null) => (b === null ? null : b.toString());

describe('encodeTempBatch', () => {
  it('writes a batch kafkajs decodes: keys, values, headers, timestamps and producer fields', async () => {
    const records = await sourceRecords(500, [
      { key: 'k0', value: 'v0', headers: { trace: 't0' }, timestamp: T0 + 20 },
      { key: null, value: 'v1', timestamp: T0 + 5 },
      { key: 'k2', value: null, headers: { a: '1', 'spillway.job': 'older' }, timestamp: T0 + 90 },
    ]);
    const producer = { producerId: 4242, producerEpoch: 3, baseSequence: 17 };
    const buf = encodeTempBatch(records, provenance, producer);
    const batch = await decodeBatch(new Decoder(buf));
    expect(batch).toMatchObject({
      firstOffset: '0',
      partitionLeaderEpoch: -1,
      lastOffsetDelta: 2,
      firstTimestamp: String(T0 + 5),
      maxTimestamp: String(T0 + 90),
      producerId: '4242',
      producerEpoch: 3,
      firstSequence: 17,
      inTransaction: false,
      isControlBatch: false,
    });
    expect(batch.records.map((r) => [r.offset, r.timestamp, str(r.key), str(r.value)])).toEqual([
      ['0', String(T0 + 20), 'k0', 'v0'],
      ['1', String(T0 + 5), null, 'v1'],
      ['2', String(T0 + 90), 'k2', null],
    ]);
    const headers = batch.records.map((r) =>
      Object.entries(r.headers).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]),
    );
    const prov = (offset: string) => [
      ['spillway.source-topic', 'orders'],
      ['spillway.source-partition', '3'],
      ['spillway.job', 'job-é1'],
      ['spillway.source-offset', offset],
    ];
    expect(headers[0]).toEqual([['trace', 't0'], ...prov('500')]);
    expect(headers[1]).toEqual(prov('501'));
    // An original header of the same name is kept; the provenance one follows it.
    expect(headers[2]).toEqual([
      ['a', '1'],
      ['spillway.job', ['older', 'job-é1']],
      ['spillway.source-topic', 'orders'],
      ['spillway.source-partition', '3'],
      ['spillway.source-offset', '502'],
    ]);
  });

  it('has a valid CRC-32C and passes the broker produce validator', async () => {
    const records = await sourceRecords(0, [
      { key: 'a', value: 'x', timestamp: T0 },
      { key: 'b', value: 'y', timestamp: T0 + 1 },
    ]);
    for (const producer of [
      { producerId: -1, producerEpoch: -1, baseSequence: -1 },
      { producerId: 7, producerEpoch: 0, baseSequence: 0 },
    ]) {
      const buf = encodeTempBatch(records, provenance, producer);
      expect(crcMatches(buf, 0, buf.length)).toBe(true);
      const [validated, ...rest] = validateProduceRecords(buf, limits, { topic: 'tmp', partition: 0 });
      expect(rest).toEqual([]);
      expect(validated?.buf.length).toBe(buf.length);
      expect(validated?.maxTimestamp).toBe(T0 + 1);
      expect(validated?.header).toMatchObject({ ...producer, recordCount: 2, lastOffsetDelta: 1, magic: 2 });
    }
  });

  it('round-trips through readSourceBatches with the provenance headers appended as raw bytes', async () => {
    const big = 'z'.repeat(20_000);
    const msgs = Array.from({ length: 200 }, (_, i) => ({
      key: i % 7 === 0 ? null : `key-${i}`,
      value: i === 3 ? big : i % 11 === 0 ? null : `value-${i}`.repeat(i % 40),
      headers: i % 2 === 0 ? { h: `h${i}`, second: 's'.repeat(i) } : undefined,
      // Spread over 100 days (multi-byte varlong deltas), not in order.
      timestamp: T0 + ((i * 7919) % 200) * 43_200_000,
    }));
    const records = await sourceRecords(2 ** 40, msgs);
    expect(records).toHaveLength(200);
    const buf = encodeTempBatch(records, provenance, { producerId: 1, producerEpoch: 1, baseSequence: 1000 });
    const h = readBatchHeader(buf);
    expect(h).toMatchObject({
      baseOffset: 0,
      leaderEpoch: -1,
      attributes: 0,
      size: buf.length,
      recordCount: 200,
    });
    expect(h.baseTimestamp).toBe(Math.min(...msgs.map((m) => m.timestamp)));
    expect(h.maxTimestamp).toBe(Math.max(...msgs.map((m) => m.timestamp)));
    const back = readSourceBatches(buf, 0, null);
    expect(back.nextOffset).toBe(200);
    back.records.forEach((r, i) => {
      const src = records[i] as SourceRecord;
      expect(r.offset).toBe(i);
      expect(r.timestamp).toBe(src.timestamp);
      expect(str(r.key)).toBe(str(src.key));
      expect(str(r.value)).toBe(str(src.value));
      expect(r.headerCount).toBe(src.headerCount + 4);
      const expected = Buffer.concat([
        src.headers,
        kafkajsHeaders([...FIXED, ['spillway.source-offset', String(2 ** 40 + i)]]),
      ]);
      expect(r.headers.equals(expected)).toBe(true);
    });
    expect(validateProduceRecords(buf, limits, { topic: 'tmp', partition: 0 })).toHaveLength(1);
  });

  it('writes hand-made records and the decimal offset of offset 0 and large offsets', () => {
    const rec = (offset: number, timestamp: number): SourceRecord => ({
      offset,
      timestamp,
      key: Buffer.from('k'),
      value: Buffer.alloc(0),
      headerCount: 0,
      headers: Buffer.alloc(0),
    });
    const none = new ProvenanceHeaders([], 'o');
    const buf = encodeTempBatch([rec(0, T0), rec(Number.MAX_SAFE_INTEGER, T0 - 1), rec(10, T0)], none, {
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
    });
    const back = readSourceBatches(buf, 0, null).records;
    const offsets = ['0', String(Number.MAX_SAFE_INTEGER), '10'];
    expect(back.map((r) => r.headers.subarray(3).toString())).toEqual(offsets);
    back.forEach((r, i) => {
      expect(r.headers.equals(kafkajsHeaders([['o', offsets[i] as string]]))).toBe(true);
    });
    expect(back.map((r) => [r.timestamp, r.value?.length, r.headerCount])).toEqual([
      [T0, 0, 1],
      [T0 - 1, 0, 1],
      [T0, 0, 1],
    ]);
  });

  it('throws on an empty records array', () => {
    expect(() =>
      encodeTempBatch([], provenance, { producerId: -1, producerEpoch: -1, baseSequence: -1 }),
    ).toThrow(/at least one record/);
  });
});
