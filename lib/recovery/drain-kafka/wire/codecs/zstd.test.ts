/** The zstd decoder through decompressBatchRecords: the zstd tool's frames, raw and RLE blocks, errors. */
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_RECORDS_BYTES } from '../decompress';
import { expectTruncationsThrow, HELLO, hex, MiB, u32le, ZSTD_HELLO, zstd } from './test-fixtures';

type ZstdBlock = { raw: Buffer } | { rle: number; size: number } | { reserved: true };

/** A zstd frame of raw and RLE blocks (no entropy coding needed). */
function zstdFrame(
  blocks: ZstdBlock[],
  o: { contentSize?: bigint; windowDescriptor?: number; dictId?: number } = {},
): Buffer {
  const fcs = o.contentSize;
  const fhd = (fcs !== undefined ? 3 << 6 : 0) | (o.dictId !== undefined ? 3 : 0);
  const parts: Buffer[] = [u32le(0xfd2fb528), Buffer.from([fhd, o.windowDescriptor ?? 0x38])];
  if (o.dictId !== undefined) parts.push(u32le(o.dictId));
  if (fcs !== undefined) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(fcs);
    parts.push(b);
  }
  blocks.forEach((b, i) => {
    const last = i === blocks.length - 1 ? 1 : 0;
    const header = Buffer.alloc(3);
    if ('raw' in b) {
      header.writeUIntLE(last | (0 << 1) | (b.raw.length << 3), 0, 3);
      parts.push(header, b.raw);
    } else if ('rle' in b) {
      header.writeUIntLE(last | (1 << 1) | (b.size << 3), 0, 3);
      parts.push(header, Buffer.from([b.rle]));
    } else {
      header.writeUIntLE(last | (3 << 1) | (1 << 3), 0, 3);
      parts.push(header, Buffer.from([0]));
    }
  });
  return Buffer.concat(parts);
}

describe('zstd', () => {
  it('reads a frame the zstd tool wrote', () => {
    expect(zstd(ZSTD_HELLO).toString()).toBe(`${HELLO} zstd frame`);
  });

  it('reads raw and RLE blocks, declared content sizes, concatenated and skippable frames', () => {
    const frame = zstdFrame([{ raw: Buffer.from('abc') }, { rle: 0x7a, size: 5 }], { contentSize: 8n });
    expect(zstd(frame).toString()).toBe('abczzzzz');
    const skippable = Buffer.concat([u32le(0x184d2a5e), u32le(2), Buffer.from('..')]);
    expect(zstd(Buffer.concat([frame, skippable, ZSTD_HELLO, frame])).toString()).toBe(
      `abczzzzz${HELLO} zstd frameabczzzzz`,
    );
    const big = zstdFrame([
      { rle: 0x41, size: 128 * 1024 },
      { rle: 0x42, size: 128 * 1024 },
    ]);
    expect(
      zstd(big).equals(Buffer.concat([Buffer.alloc(128 * 1024, 'A'), Buffer.alloc(128 * 1024, 'B')])),
    ).toBe(true);
  });

  it('refuses truncated and corrupt frames with the batch offset and the byte', () => {
    expectTruncationsThrow(zstd, ZSTD_HELLO, 'zstd');
    const reservedBit = Buffer.from(ZSTD_HELLO);
    reservedBit[4] = (reservedBit[4] as number) | 0x08;
    const garbage = Buffer.concat([u32le(0xfd2fb528), hex('0038'), hex('250000'), hex('ffffffff')]);
    const cases: Array<[Buffer, RegExp]> = [
      [
        hex('28b52ffe00'),
        /^corrupt zstd batch at offset 9: byte 0 starts no zstd frame \(magic 0xfe2fb528\)$/,
      ],
      [reservedBit, /frame at byte 0 sets a reserved bit/],
      [zstdFrame([{ reserved: true }]), /block at byte 6 has the reserved block type/],
      [zstdFrame([{ raw: Buffer.from('a') }], { dictId: 5 }), /needs dictionary 5/],
      [
        zstdFrame([{ raw: Buffer.from('a') }], { windowDescriptor: 0xf8 }),
        /window, over the 67108864-byte limit/,
      ],
      [zstdFrame([{ rle: 1, size: 128 * 1024 + 1 }]), /block at byte 6 has size 131073, over 128 KiB/],
      [
        zstdFrame([{ rle: 1, size: 10 }], { contentSize: 11n }),
        /decodes to 10 bytes, not its content size 11/,
      ],
      [zstdFrame([{ raw: Buffer.from('abc') }]).subarray(0, 10), /block at byte 6 runs past the batch/],
      [garbage, /frame at byte 0 does not decode: /],
    ];
    for (const [data, message] of cases) {
      expect(() => zstd(data)).toThrow(/^corrupt zstd batch at offset 9: /);
      expect(() => zstd(data)).toThrow(message);
    }
  });

  it('refuses a frame that decodes to more than the limit', () => {
    // content size declared: refused before anything is decoded
    const declared = zstdFrame([{ rle: 0, size: 1 }], { contentSize: 2n ** 40n });
    expect(() => zstd(declared)).toThrow(
      `zstd batch at offset 9 decompresses to more than ${MAX_BATCH_RECORDS_BYTES} bytes, the limit for one batch`,
    );
    // not declared: 520 RLE blocks of 128 KiB from 2 KB of input
    const bomb = zstdFrame(Array.from({ length: 520 }, () => ({ rle: 0x62, size: 128 * 1024 })));
    expect(bomb.length).toBeLessThan(2100);
    expect(() => zstd(bomb)).toThrow(/^zstd batch at offset 9 decompresses to more than 67108864 bytes/);
    expect(() => zstd(bomb, MiB)).toThrow(/decompresses to more than 1048576 bytes/);
    expect(zstd(zstdFrame([{ rle: 0x62, size: 1000 }]), 1000)).toHaveLength(1000);
  });
});
