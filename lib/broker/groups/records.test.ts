import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFile, encodeRecord, FILE_HEADER, type StoreRecord } from './records';

const name = fc.string({ maxLength: 20 });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const i64 = fc.maxSafeInteger();

const record: fc.Arbitrary<StoreRecord> = fc.oneof(
  fc.record({
    type: fc.constant('offset' as const),
    group: name,
    topic: name,
    partition: int32,
    offset: i64,
    leaderEpoch: int32,
    metadata: fc.string({ maxLength: 50 }),
    commitTimestamp: i64,
    expireTimestamp: fc.option(fc.nat()),
  }),
  fc.record({ type: fc.constant('offset-delete' as const), group: name, topic: name, partition: int32 }),
  fc.record({
    type: fc.constant('group' as const),
    group: name,
    protocolType: fc.option(name),
    generationId: int32,
    protocolName: fc.option(name),
    leader: fc.option(name),
    emptySince: fc.option(fc.nat()),
  }),
  fc.record({ type: fc.constant('group-delete' as const), group: name }),
  fc.record({ type: fc.constant('topic-delete' as const), topic: name }),
);

function file(records: readonly StoreRecord[]): Buffer {
  return Buffer.concat([FILE_HEADER, ...records.map(encodeRecord)]);
}

describe('group store records', () => {
  it('round-trip through the framed file format', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (records) => {
        const bytes = file(records);
        expect(decodeFile(bytes)).toEqual({ records, validLength: bytes.length, truncated: false });
      }),
    );
  });

  it('a file cut anywhere decodes to a prefix of its records', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 10 }), fc.nat(), (records, cut) => {
        const bytes = file(records);
        const at = cut % (bytes.length + 1);
        const decoded = decodeFile(bytes.subarray(0, at));
        expect(records.slice(0, decoded.records.length)).toEqual(decoded.records);
        expect(decoded.validLength).toBeLessThanOrEqual(at);
        expect(decoded.truncated).toBe(decoded.validLength < at);
      }),
    );
  });

  it('random bytes after the header never throw and never yield a record with a bad CRC', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        const decoded = decodeFile(Buffer.concat([FILE_HEADER, junk]));
        expect(decoded.validLength).toBeGreaterThanOrEqual(FILE_HEADER.length);
      }),
    );
  });

  it('a flipped byte stops decoding at the damaged record', () => {
    const records: StoreRecord[] = [
      { type: 'group-delete', group: 'a' },
      { type: 'topic-delete', topic: 'b' },
    ];
    const bytes = file(records);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    expect(decodeFile(bytes).records).toEqual([records[0]]);
  });
});
