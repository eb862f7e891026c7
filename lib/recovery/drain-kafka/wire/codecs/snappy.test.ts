/** The snappy decoder through decompressBatchRecords: xerial framing, raw blocks, every element, errors. */
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_RECORDS_BYTES } from '../decompress';
import { expectTruncationsThrow, HELLO, hex, RAW_HELLO, sample, snappy, XERIAL_HELLO } from './test-fixtures';

/** A raw snappy block: varint length preamble, then the given elements. */
function snappyBlock(length: number, ...elements: Array<number[] | Buffer>): Buffer {
  const pre: number[] = [];
  let n = length;
  for (; n >= 0x80; n = Math.floor(n / 128)) pre.push((n % 128) | 0x80);
  pre.push(n);
  return Buffer.concat([Buffer.from(pre), ...elements.map((e) => Buffer.from(e))]);
}

/** Xerial framing (snappy-java): header, then (int32 BE length, raw block) per block. */
function xerial(blocks: Buffer[], compatible = 1): Buffer {
  const header = Buffer.alloc(16);
  header.write('\x82SNAPPY\x00', 'latin1');
  header.writeInt32BE(1, 8);
  header.writeInt32BE(compatible, 12);
  const parts: Buffer[] = [header];
  for (const b of blocks) {
    const len = Buffer.alloc(4);
    len.writeInt32BE(b.length);
    parts.push(len, b);
  }
  return Buffer.concat(parts);
}

describe('snappy', () => {
  it('reads snappy-java framing and raw blocks (the Java client and librdkafka)', () => {
    expect(snappy(XERIAL_HELLO).toString()).toBe(HELLO);
    expect(snappy(RAW_HELLO).toString()).toBe(HELLO);
  });

  it('decodes every element kind: short and long literals, 1-, 2- and 4-byte offset copies, overlaps', () => {
    const long = Buffer.from('L'.repeat(100));
    const block = snappyBlock(
      1 + 9 + 100 + 5 + 64 + 3,
      [0x00, 0x61], // literal 'a'
      [(5 << 2) | 1, 0x01], // copy-1: 9 bytes, 1 back (overlapping: 'aaaaaaaaa')
      [60 << 2, 99], // literal, length in the next byte (100)
      long,
      [((5 - 1) << 2) | 2, 105, 0], // copy-2: 5 bytes from 105 back ('aaaaa')
      [((64 - 1) << 2) | 3, 64, 0, 0, 0], // copy-4: 64 bytes from 64 back
      [(3 - 1) << 2, 0x78, 0x79, 0x7a], // literal 'xyz'
    );
    const tail64 = Buffer.concat([Buffer.from('a'.repeat(10)), long, Buffer.from('aaaaa')]).subarray(-64);
    const want = Buffer.concat([
      Buffer.from('a'.repeat(10)),
      long,
      Buffer.from('aaaaa'),
      tail64,
      Buffer.from('xyz'),
    ]);
    expect(snappy(block)).toEqual(want);
    // the same as raw and in snappy-java framing split into two blocks
    const half = snappyBlock(3, [(3 - 1) << 2, 0x31, 0x32, 0x33]);
    expect(snappy(xerial([block, half])).toString()).toBe(`${want.toString()}123`);
    // a 3-byte literal length and a copy from more than 64 KiB back (4-byte offset)
    const big = sample(70_000);
    const far = snappyBlock(70_010, [62 << 2, 0x6f, 0x11, 0x01], big, [
      ((10 - 1) << 2) | 3,
      0x70,
      0x11,
      0x01,
      0,
    ]);
    expect(snappy(far).equals(Buffer.concat([big, big.subarray(0, 10)]))).toBe(true);
  });

  it('reads concatenated snappy-java streams and empty ones', () => {
    const one = xerial([snappyBlock(2, [1 << 2, 0x68, 0x69])]);
    expect(snappy(Buffer.concat([one, one])).toString()).toBe('hihi');
    expect(snappy(xerial([]))).toHaveLength(0);
    expect(snappy(snappyBlock(0))).toHaveLength(0);
  });

  it('refuses truncated and corrupt input with the batch offset and the byte', () => {
    expectTruncationsThrow(snappy, RAW_HELLO, 'snappy');
    // the header alone is a valid, empty stream
    expectTruncationsThrow(snappy, XERIAL_HELLO, 'snappy', [16]);
    const cases: Array<[Buffer, RegExp]> = [
      [snappyBlock(4, [0x00, 0x61], [(0 << 2) | 1, 0x00]), /copy at byte 3 reaches 0 bytes back/],
      [snappyBlock(6, [0x00, 0x61], [(1 << 2) | 1, 0x02]), /copy at byte 3 reaches 2 bytes back, before/],
      [snappyBlock(2, [0x00, 0x61], [(1 << 2) | 1, 0x01]), /copy at byte 3 runs past the block's length 2/],
      [snappyBlock(5, [4 << 2, 0x61]), /literal at byte 1 runs past the block$/],
      [
        snappyBlock(1, [4 << 2, 0x61, 0x62, 0x63, 0x64, 0x65]),
        /literal at byte 1 runs past the block's length 1/,
      ],
      [snappyBlock(3, [0x00, 0x61]), /decodes to 1 bytes, not 3/],
      [snappyBlock(3, [61 << 2, 0x02]), /literal at byte 1 is cut short/],
      [hex('ffffffffff01'), /length over 32 bits/],
      [xerial([RAW_HELLO]).subarray(0, 30), /block at byte 16 has length 19, past the end/],
      [xerial([RAW_HELLO], 2), /needs format version 2/],
    ];
    for (const [data, message] of cases) {
      expect(() => snappy(data)).toThrow(/^corrupt snappy batch at offset 9: /);
      expect(() => snappy(data)).toThrow(message);
    }
    const negative = xerial([RAW_HELLO]);
    negative.writeInt32BE(-5, 16);
    expect(() => snappy(negative)).toThrow(/block at byte 16 has length -5/);
  });

  it('refuses a block that claims more than the limit before allocating it', () => {
    const bomb = snappyBlock(2 ** 32 - 1, [0x00, 0x61]);
    expect(() => snappy(bomb)).toThrow(
      `snappy batch at offset 9 decompresses to more than ${MAX_BATCH_RECORDS_BYTES} bytes, the limit for one batch`,
    );
    // blocks that add up past the limit
    const block = snappyBlock(60, [0x00, 0x61], [(58 << 2) | 2, 1, 0]);
    expect(snappy(xerial([block, block]), 120)).toHaveLength(120);
    expect(() => snappy(xerial([block, block, block]), 120)).toThrow(/decompresses to more than 120 bytes/);
  });
});
