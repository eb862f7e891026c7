/**
 * Shared by the decompression tests (decompress.test.ts and the codecs' tests): the codecs reached through
 * decompressBatchRecords (so their error messages are the real ones), known vectors made by the reference
 * implementations, a seeded byte source and the truncation check. Not a test file itself.
 */
import { expect } from 'vitest';
import { decompressBatchRecords } from '../decompress';

export const hex = (s: string) => Buffer.from(s, 'hex');
export const MiB = 1024 * 1024;

/** decompressBatchRecords for a batch at offset 9. */
export const snappy = (b: Buffer, limit?: number) => decompressBatchRecords(2, b, 9, limit);
export const lz4 = (b: Buffer, limit?: number) => decompressBatchRecords(3, b, 9, limit);
export const zstd = (b: Buffer, limit?: number) => decompressBatchRecords(4, b, 9, limit);

export const HELLO = 'Hello, Kafka! Hello, Kafka! Hello, Kafka!';

// ------------------------------------------------------------------------------ known vectors
// Made by the reference implementations: snappy-java 1.1.10.5 (the one kafka-clients uses), the lz4 1.9.4
// and zstd 1.5.4 command-line tools. (Whole batches from kafka-clients and kcat: decompress.test.ts.)

/** snappy-java: SnappyOutputStream (xerial framing) and Snappy.compress (raw block) of HELLO. */
export const XERIAL_HELLO = hex(
  '82534e4150505900000000010000000100000013293448656c6c6f2c204b61666b6121206a0e00',
);
export const RAW_HELLO = hex('293448656c6c6f2c204b61666b6121206a0e00');
/** `printf 'Hello, Kafka! Hello, Kafka! Hello, Kafka! lz4 frame' | lz4 -c` (content checksum). */
export const LZ4_HELLO = hex(
  '04224d186440a71c000000ef48656c6c6f2c204b61666b6121200e0009906c7a34206672616d6500000000d47fe6b4',
);
/** The same with `-BX`: block checksums too. */
export const LZ4_HELLO_BX = hex(
  '04224d187440bd1c000000ef48656c6c6f2c204b61666b6121200e0009906c7a34206672616d654f8532a900000000d47fe6b4',
);
/** `printf abc | lz4 -c`: one stored (uncompressed) block. */
export const LZ4_ABC = hex('04224d186440a70300008061626300000000ff53d132');
/** `printf '' | lz4 -c`. */
export const LZ4_EMPTY = hex('04224d186440a700000000055dcc02');
/** `printf 'Hello, Kafka! Hello, Kafka! Hello, Kafka! zstd frame' | zstd -c` (content checksum). */
export const ZSTD_HELLO = hex(
  '28b52ffd0458f50000c048656c6c6f2c204b61666b6121207a737464206672616d650100c14c25ad8e0036',
);

// --------------------------------------------------------------------------------- helpers

/** A deterministic byte source (xorshift32). */
export function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** Text with repeats and random runs: compressible, but not trivially. */
export function sample(size: number, seed = 1): Buffer {
  const rnd = prng(seed);
  const out = Buffer.alloc(size);
  const words = ['spillway ', 'drain ', 'kafka ', 'backlog ', 'partition ', 'offset '];
  let at = 0;
  while (at < size) {
    if (rnd() < 0.2) {
      const n = Math.min(size - at, 1 + Math.floor(rnd() * 40));
      for (let i = 0; i < n; i++) out[at++] = Math.floor(rnd() * 256);
    } else {
      at += out.write(words[Math.floor(rnd() * words.length)] as string, at);
    }
  }
  return out;
}

export const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/** Every strict prefix of `data` must be refused (except the lengths in `valid`). */
export function expectTruncationsThrow(
  decode: (b: Buffer) => Buffer,
  data: Buffer,
  name: string,
  valid: number[] = [],
): void {
  for (let n = 0; n < data.length; n++) {
    if (valid.includes(n)) continue;
    expect(() => decode(data.subarray(0, n)), `${name} cut to ${n} bytes`).toThrow(
      new RegExp(`^corrupt ${name} batch at offset 9: `),
    );
  }
}
