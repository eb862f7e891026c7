/** xxh32 against the checksums the lz4 tool wrote. */
import { describe, expect, it } from 'vitest';
import { HELLO } from './test-fixtures';
import { xxh32 } from './xxhash32';

describe('xxh32', () => {
  it('matches the checksums the lz4 tool wrote', () => {
    expect(xxh32(Buffer.alloc(0))).toBe(0x02cc5d05);
    expect(xxh32(Buffer.from('abc'))).toBe(0x32d153ff);
    expect(xxh32(Buffer.from(`${HELLO} lz4 frame`))).toBe(0xb4e67fd4);
    // a range of a larger buffer hashes like the bytes alone
    const b = Buffer.from(`xx${HELLO} lz4 frameyy`);
    expect(xxh32(b, 2, b.length - 2)).toBe(0xb4e67fd4);
  });
});
