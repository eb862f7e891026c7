import { crc32c } from '@node-rs/crc32';
import { describe, expect, it } from 'vitest';
import { InvalidRecordBatchError, KafkaProtocolError } from '../errors';
import { computeBatchCrc, lastSequenceOf, readBatchHeader, readInt64, writeInt64 } from './batch';
import { buildBatch, simpleBatch } from './test-fixtures/batches';
import { type ValidationLimits, validateProduceRecords } from './validate';

const NOW = 1_700_000_000_000;
const limits: ValidationLimits = {
  maxMessageBytes: 1_048_588,
  segmentBytes: 1 << 30,
  timestampBeforeMaxMs: Number.MAX_SAFE_INTEGER,
  timestampAfterMaxMs: Number.MAX_SAFE_INTEGER,
  logAppendTime: false,
  now: NOW,
};
const ctx = { topic: 't', partition: 0 };

function errorName(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof KafkaProtocolError) return err.errorName;
    throw err;
  }
  return 'NONE';
}

describe('RecordBatch v2 header helpers', () => {
  it('reads and writes int64 values across the sign and 32-bit boundaries', () => {
    const buf = Buffer.alloc(8);
    for (const v of [0, 1, -1, 2 ** 32, 2 ** 32 + 7, -(2 ** 40), Number.MAX_SAFE_INTEGER, NOW]) {
      writeInt64(buf, 0, v);
      expect(readInt64(buf, 0)).toBe(v);
      expect(buf.readBigInt64BE(0)).toBe(BigInt(v));
    }
  });

  it('parses the fixed header of a built batch and verifies its CRC-32C', () => {
    const b = buildBatch({
      records: [{ value: 'a' }, { value: 'b' }],
      producerId: 7,
      producerEpoch: 1,
      baseSequence: 3,
    });
    const h = readBatchHeader(b);
    expect(h).toMatchObject({
      magic: 2,
      size: b.length,
      lastOffsetDelta: 1,
      recordCount: 2,
      producerId: 7,
      baseSequence: 3,
    });
    expect(computeBatchCrc(b, 0, b.length)).toBe(h.crc);
  });

  it('chains crc32c with an initial state like one pass over the concatenation', () => {
    const a = Buffer.from('hello ');
    const b = Buffer.from('world');
    expect(crc32c(b, crc32c(a))).toBe(crc32c(Buffer.concat([a, b])));
  });

  it('wraps the last sequence number at Int32 max', () => {
    expect(lastSequenceOf(5, 3)).toBe(8);
    expect(lastSequenceOf(2147483646, 3)).toBe(1);
  });
});

describe('validateProduceRecords', () => {
  it('accepts uncompressed and gzip batches, several in one buffer', () => {
    const buf = Buffer.concat([simpleBatch(3), simpleBatch(2, 'g', { compression: 'gzip' }), simpleBatch(1)]);
    const batches = validateProduceRecords(buf, limits, ctx);
    expect(batches.map((b) => b.header.recordCount)).toEqual([3, 2, 1]);
  });

  it('recomputes the max timestamp of an uncompressed batch from its records', () => {
    const b = buildBatch({
      records: [
        { value: 'a', timestamp: NOW + 5 },
        { value: 'b', timestamp: NOW + 2 },
      ],
      maxTimestamp: NOW,
    });
    expect(validateProduceRecords(b, limits, ctx)[0]?.maxTimestamp).toBe(NOW + 5);
  });

  it('rejects a CRC mismatch as CORRUPT_MESSAGE', () => {
    const b = simpleBatch(2);
    b.writeUInt8(b.readUInt8(b.length - 1) ^ 0xff, b.length - 1);
    expect(errorName(() => validateProduceRecords(b, limits, ctx))).toBe('CORRUPT_MESSAGE');
  });

  it('rejects old and unknown magic bytes', () => {
    expect(
      errorName(() =>
        validateProduceRecords(buildBatch({ records: [{ value: 'a' }], magic: 1 }), limits, ctx),
      ),
    ).toBe('UNSUPPORTED_FOR_MESSAGE_FORMAT');
    expect(
      errorName(() =>
        validateProduceRecords(buildBatch({ records: [{ value: 'a' }], magic: 3 }), limits, ctx),
      ),
    ).toBe('CORRUPT_MESSAGE');
  });

  it('rejects truncated input: a cut batch, a short trailing fragment, an empty buffer', () => {
    const b = simpleBatch(3);
    expect(errorName(() => validateProduceRecords(b.subarray(0, b.length - 1), limits, ctx))).toBe(
      'CORRUPT_MESSAGE',
    );
    expect(errorName(() => validateProduceRecords(Buffer.concat([b, b.subarray(0, 30)]), limits, ctx))).toBe(
      'CORRUPT_MESSAGE',
    );
    expect(errorName(() => validateProduceRecords(Buffer.alloc(0), limits, ctx))).toBe('INVALID_RECORD');
  });

  it('rejects a batch length that disagrees with the buffer', () => {
    const b = simpleBatch(2);
    b.writeInt32BE(b.readInt32BE(8) - 3, 8);
    expect(() => validateProduceRecords(b, limits, ctx)).toThrow(InvalidRecordBatchError);
  });

  it('rejects transactional batches with INVALID_TXN_STATE and control batches as INVALID_RECORD', () => {
    const txn = buildBatch({
      records: [{ value: 'a' }],
      attributes: 0x10,
      producerId: 1,
      producerEpoch: 0,
      baseSequence: 0,
    });
    expect(errorName(() => validateProduceRecords(txn, limits, ctx))).toBe('INVALID_TXN_STATE');
    const control = buildBatch({ records: [{ value: 'a' }], attributes: 0x20 });
    expect(errorName(() => validateProduceRecords(control, limits, ctx))).toBe('INVALID_RECORD');
  });

  it('rejects inconsistent record counts and malformed records', () => {
    const b = simpleBatch(3);
    b.writeInt32BE(5, 23); // lastOffsetDelta
    b.writeUInt32BE(computeBatchCrc(b, 0, b.length), 17);
    expect(errorName(() => validateProduceRecords(b, limits, ctx))).toBe('INVALID_RECORD');
    const c = simpleBatch(3);
    c.writeInt32BE(2, 57); // recordCount 2, lastOffsetDelta 2
    c.writeInt32BE(1, 23);
    c.writeUInt32BE(computeBatchCrc(c, 0, c.length), 17);
    expect(errorName(() => validateProduceRecords(c, limits, ctx))).toBe('CORRUPT_MESSAGE');
  });

  it('enforces max.message.bytes and segment.bytes', () => {
    const b = simpleBatch(50);
    expect(errorName(() => validateProduceRecords(b, { ...limits, maxMessageBytes: 100 }, ctx))).toBe(
      'MESSAGE_TOO_LARGE',
    );
    expect(errorName(() => validateProduceRecords(b, { ...limits, segmentBytes: 100 }, ctx))).toBe(
      'RECORD_LIST_TOO_LARGE',
    );
  });

  it('enforces the CreateTime timestamp window', () => {
    const old = buildBatch({
      records: [{ value: 'a', timestamp: NOW - 10_000 }],
      baseTimestamp: NOW - 10_000,
    });
    const strict = { ...limits, timestampBeforeMaxMs: 1000 };
    expect(errorName(() => validateProduceRecords(old, strict, ctx))).toBe('INVALID_TIMESTAMP');
    expect(errorName(() => validateProduceRecords(old, { ...strict, logAppendTime: true }, ctx))).toBe(
      'NONE',
    );
  });

  it('requires producer epoch and sequence on idempotent batches', () => {
    const b = buildBatch({ records: [{ value: 'a' }], producerId: 4, producerEpoch: -1, baseSequence: 0 });
    expect(errorName(() => validateProduceRecords(b, limits, ctx))).toBe('INVALID_RECORD');
  });
});
