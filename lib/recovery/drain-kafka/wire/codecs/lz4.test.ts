/** The lz4 decoder through decompressBatchRecords: the lz4 tool's and hand-made frames, errors, bombs. */
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_RECORDS_BYTES } from '../decompress';
import {
  expectTruncationsThrow,
  HELLO,
  LZ4_ABC,
  LZ4_EMPTY,
  LZ4_HELLO,
  LZ4_HELLO_BX,
  lz4,
  MiB,
  u32le,
} from './test-fixtures';
import { xxh32 } from './xxhash32';

/** An lz4 sequence: literals, then a match (omitted for the last sequence of a block). */
function lz4Seq(literals: Buffer, match?: { distance: number; length: number }): Buffer {
  const ext = (n: number) => {
    const out: number[] = [];
    for (; n >= 255; n -= 255) out.push(255);
    out.push(n);
    return out;
  };
  const lit = literals.length;
  const ml = match ? match.length - 4 : 0;
  const token = (Math.min(lit, 15) << 4) | Math.min(ml, 15);
  const parts = [Buffer.from([token]), Buffer.from(lit >= 15 ? ext(lit - 15) : []), literals];
  if (match) {
    const d = Buffer.alloc(2);
    d.writeUInt16LE(match.distance);
    parts.push(d, Buffer.from(ml >= 15 ? ext(ml - 15) : []));
  }
  return Buffer.concat(parts);
}

interface Lz4Opts {
  independent?: boolean;
  blockChecksums?: boolean;
  contentSize?: bigint;
  /** Content to checksum (sets the content checksum flag). */
  content?: Buffer;
  bd?: number;
  badHeaderChecksum?: boolean;
}

/** An lz4 frame of hand-made blocks (`stored`: raw bytes, high bit of the size). */
function lz4Frame(blocks: Array<{ data: Buffer; stored?: boolean }>, o: Lz4Opts = {}): Buffer {
  const flg =
    0x40 |
    ((o.independent ?? true) ? 0x20 : 0) |
    (o.blockChecksums ? 0x10 : 0) |
    (o.contentSize !== undefined ? 0x08 : 0) |
    (o.content ? 0x04 : 0);
  const descriptor = Buffer.from([flg, o.bd ?? 0x40]);
  const size = Buffer.alloc(o.contentSize !== undefined ? 8 : 0);
  if (o.contentSize !== undefined) size.writeBigUInt64LE(o.contentSize);
  const header = Buffer.concat([descriptor, size]);
  const hc = ((xxh32(header) >>> 8) & 0xff) ^ (o.badHeaderChecksum ? 1 : 0);
  const parts: Buffer[] = [u32le(0x184d2204), header, Buffer.from([hc])];
  for (const b of blocks) {
    parts.push(u32le(b.data.length | (b.stored ? 0x80000000 : 0)), b.data);
    if (o.blockChecksums) parts.push(u32le(xxh32(b.data)));
  }
  parts.push(u32le(0));
  if (o.content) parts.push(u32le(xxh32(o.content)));
  return Buffer.concat(parts);
}

describe('lz4', () => {
  it('reads frames the lz4 tool wrote: content checksum, block checksums, a stored block, empty', () => {
    expect(lz4(LZ4_HELLO).toString()).toBe(`${HELLO} lz4 frame`);
    expect(lz4(LZ4_HELLO_BX).toString()).toBe(`${HELLO} lz4 frame`);
    expect(lz4(LZ4_ABC).toString()).toBe('abc');
    expect(lz4(LZ4_EMPTY)).toHaveLength(0);
  });

  it('decodes linked blocks, overlapping matches, content size and concatenated or skippable frames', () => {
    // 'abcd' then a match 4 back, 12 long (overlapping: abcd x4); a block ends with a literals-only sequence
    const first = Buffer.concat([
      lz4Seq(Buffer.from('abcd'), { distance: 4, length: 12 }),
      lz4Seq(Buffer.alloc(0)),
    ]);
    // '!' then a match 17 back, into the first block
    const second = Buffer.concat([
      lz4Seq(Buffer.from('!'), { distance: 17, length: 8 }),
      lz4Seq(Buffer.from('.')),
    ]);
    const want = `${'abcd'.repeat(4)}!abcdabcd.`;
    const blocks = [{ data: first }, { data: second }];
    const linked = lz4Frame(blocks, { independent: false, contentSize: 26n, content: Buffer.from(want) });
    expect(lz4(linked).toString()).toBe(want);
    // the same blocks as independent ones: the second may not look back into the first
    expect(() => lz4(lz4Frame(blocks))).toThrow(/match at byte \d+ reaches 17 bytes back, before its window/);

    const stored = lz4Frame([{ data: Buffer.from('raw bytes'), stored: true }], { blockChecksums: true });
    const skippable = Buffer.concat([u32le(0x184d2a53), u32le(3), Buffer.from('xyz')]);
    expect(lz4(Buffer.concat([stored, skippable, LZ4_ABC])).toString()).toBe('raw bytesabc');
  });

  it('reads the frames of every block size', () => {
    for (const [bd, size] of [
      [0x40, 64 * 1024],
      [0x50, 256 * 1024],
      [0x60, MiB],
      [0x70, 4 * MiB],
    ] as const) {
      const full = lz4Seq(Buffer.from('z'), { distance: 1, length: size - 1 });
      const frame = lz4Frame([{ data: Buffer.concat([full, lz4Seq(Buffer.alloc(0))]) }], { bd });
      expect(lz4(frame).equals(Buffer.alloc(size, 'z'))).toBe(true);
      // one byte more than the block size
      const over = lz4Seq(Buffer.from('z'), { distance: 1, length: size });
      expect(() => lz4(lz4Frame([{ data: Buffer.concat([over, lz4Seq(Buffer.alloc(0))]) }], { bd }))).toThrow(
        new RegExp(`decodes to more than its ${size} bytes`),
      );
    }
  });

  it('refuses truncated and corrupt frames with the batch offset and the byte', () => {
    for (const v of [LZ4_HELLO, LZ4_HELLO_BX, LZ4_ABC, LZ4_EMPTY]) expectTruncationsThrow(lz4, v, 'lz4');
    const flip = (b: Buffer, at: number, bits = 1) => {
      const c = Buffer.from(b);
      c[at] = (c[at] as number) ^ bits;
      return c;
    };
    const cases: Array<[Buffer, RegExp]> = [
      [
        flip(LZ4_HELLO, 0),
        /^corrupt lz4 batch at offset 9: byte 0 starts no lz4 frame \(magic 0x184d2205\)$/,
      ],
      [flip(LZ4_HELLO, 4, 0x80), /frame at byte 0 has version 3, not 1/],
      [flip(LZ4_HELLO, 4, 0x02), /sets reserved descriptor bits/],
      [flip(LZ4_HELLO, 6), /frame header at byte 0 fails its checksum/],
      [lz4Frame([], { badHeaderChecksum: true }), /fails its checksum/],
      [lz4Frame([], { bd: 0x30 }), /has block size code 3/],
      [flip(LZ4_HELLO_BX, 20), /block at byte 7 fails its checksum/],
      [flip(LZ4_HELLO, 20), /fails its content checksum/],
      [lz4Frame([{ data: Buffer.alloc(65537), stored: true }]), /has 65537 bytes, over the frame's 65536/],
      [lz4Frame([{ data: lz4Seq(Buffer.from('a'), { distance: 0, length: 4 }) }]), /reaches 0 bytes back/],
      [lz4Frame([{ data: lz4Seq(Buffer.from('a'), { distance: 2, length: 4 }) }]), /reaches 2 bytes back/],
      [
        lz4Frame([{ data: lz4Seq(Buffer.from('ab'), { distance: 1, length: 4 }) }]),
        /block ending at byte \d+ is cut short/,
      ],
      [lz4Frame([{ data: Buffer.from([0x50, 0x61]) }]), /literals at byte 11 run past the block/],
      [lz4Frame([{ data: Buffer.from([0xf0]) }]), /literal length at byte 11 is cut short/],
      [lz4Frame([{ data: Buffer.from([0x1f, 0x61, 0x01, 0x00]) }]), /match length at byte 11 is cut short/],
      [lz4Frame([{ data: Buffer.from([0x10, 0x61, 0x01]) }]), /match offset at byte 13 is cut short/],
      [
        lz4Frame([{ data: Buffer.from('abc'), stored: true }], { contentSize: 4n }),
        /decodes to 3 bytes, not its content size 4/,
      ],
    ];
    for (const [data, message] of cases) {
      expect(() => lz4(data)).toThrow(/^corrupt lz4 batch at offset 9: /);
      expect(() => lz4(data)).toThrow(message);
    }
    const dict = Buffer.concat([u32le(0x184d2204), Buffer.from([0x61, 0x40]), u32le(7)]);
    const withDict = Buffer.concat([dict, Buffer.from([(xxh32(dict, 4) >>> 8) & 0xff]), u32le(0)]);
    expect(() => lz4(withDict)).toThrow(/needs a dictionary/);
  });

  it('refuses a frame that decodes to more than the limit', () => {
    // content size declared: refused before anything is decoded
    const declared = lz4Frame([], { contentSize: 2n ** 40n });
    expect(() => lz4(declared)).toThrow(
      `lz4 batch at offset 9 decompresses to more than ${MAX_BATCH_RECORDS_BYTES} bytes, the limit for one batch`,
    );
    // not declared: 17 blocks of 4 MiB from ~280 KB of input
    const block = Buffer.concat([
      lz4Seq(Buffer.from('b'), { distance: 1, length: 4 * MiB - 1 }),
      lz4Seq(Buffer.alloc(0)),
    ]);
    const bomb = lz4Frame(
      Array.from({ length: 17 }, () => ({ data: block })),
      { bd: 0x70 },
    );
    expect(bomb.length).toBeLessThan(300_000);
    expect(() => lz4(bomb)).toThrow(/^lz4 batch at offset 9 decompresses to more than 67108864 bytes/);
    expect(() => lz4(lz4Frame([{ data: block }], { bd: 0x70 }), MiB)).toThrow(
      /decompresses to more than 1048576 bytes/,
    );
  });
});
