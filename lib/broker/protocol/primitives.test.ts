/** Scenario: primitive reads and writes match the Kafka wire format and fail only with DecodeError. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../errors';
import { EncodeError } from './protocol-errors';
import { Reader } from './reader';
import { sizeOfVarint, sizeOfVarlong, toBuffer, Writer } from './writer';

function encode(fn: (w: Writer) => void): Buffer {
  const w = new Writer().begin();
  fn(w);
  return toBuffer(w.finish());
}

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('fixed-width integers', () => {
  it('writes big-endian two-complement bytes', () => {
    const b = encode((w) => {
      w.int8(-2);
      w.int16(-2);
      w.int32(-2);
      w.int64(-2);
      w.uint32(0xfffffffe);
      w.bool(true);
    });
    expect(b.toString('hex')).toBe('fe' + 'fffe' + 'fffffffe' + 'fffffffffffffffe' + 'fffffffe' + '01');
  });

  it('reads int64 as a number exactly within ±2^53 and rounds beyond', () => {
    const r = new Reader(hex('001fffffffffffff ffe0000000000001 7fffffffffffffff'));
    expect(r.int64()).toBe(Number.MAX_SAFE_INTEGER);
    expect(r.int64()).toBe(Number.MIN_SAFE_INTEGER);
    expect(r.int64()).toBe(2 ** 63);
  });

  it('round-trips every safe int64 and every bigint int64', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n, big) => {
        const b = encode((w) => {
          w.int64(n);
          w.int64Big(big);
        });
        expect(b.readBigInt64BE(0)).toBe(BigInt(n));
        const r = new Reader(b);
        expect(r.int64()).toBe(n);
        expect(r.int64Big()).toBe(big);
      }),
    );
  });

  it('round-trips float64 and uuid', () => {
    const id = hex('00112233445566778899aabbccddeeff');
    const r = new Reader(
      encode((w) => {
        w.float64(-1.5);
        w.uuid(id);
      }),
    );
    expect(r.float64()).toBe(-1.5);
    expect(r.uuid()).toEqual(id);
    expect(() => encode((w) => w.uuid(Buffer.alloc(3)))).toThrow(EncodeError);
  });
});

describe('varints', () => {
  it('zigzag-encodes like Kafka ByteUtils (0→00, -1→01, 1→02, 300→d804)', () => {
    expect(
      encode((w) => {
        for (const v of [0, -1, 1, 300]) w.varint(v);
      }).toString('hex'),
    ).toBe('000102d804');
    expect(encode((w) => w.varint(-2147483648)).toString('hex')).toBe('ffffffff0f');
  });

  it('round-trips varint, varlong (number and bigint) and sizes them', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.maxSafeInteger(), (i, l) => {
        const b = encode((w) => {
          w.varint(i);
          w.varlong(l);
          w.varlong(l);
        });
        expect(b.length).toBe(sizeOfVarint(i) + 2 * sizeOfVarlong(l));
        const r = new Reader(b);
        expect(r.varint()).toBe(i);
        expect(r.varlong()).toBe(l);
        expect(r.varlongBig()).toBe(BigInt(l));
        expect(r.remaining).toBe(0);
      }),
    );
  });

  it('round-trips every int64 through varlongBig', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
        expect(new Reader(encode((w) => w.varlongBig(v))).varlongBig()).toBe(v);
      }),
    );
    expect(encode((w) => w.varlongBig(-(2n ** 63n))).toString('hex')).toBe('ffffffffffffffffff01');
  });

  it('rejects over-long varints', () => {
    expect(() => new Reader(hex('ffffffffff01')).varint()).toThrow(DecodeError);
    expect(() => new Reader(hex('ffffffffffffffffffff01')).varlong()).toThrow(DecodeError);
  });
});

describe('strings, bytes, records, arrays', () => {
  it('writes strings with int16 length and null as -1', () => {
    expect(encode((w) => w.string('hé')).toString('hex')).toBe('000368c3a9');
    expect(encode((w) => w.nullableString(null)).toString('hex')).toBe('ffff');
    expect(() => encode((w) => w.string('x'.repeat(40000)))).toThrow(EncodeError);
  });

  it('decodes records as a slice of the input, without copying', () => {
    const input = hex('00000003 aabbcc ffffffff');
    const r = new Reader(input);
    const rec = r.records();
    expect(rec?.toString('hex')).toBe('aabbcc');
    expect(rec?.buffer).toBe(input.buffer);
    expect(r.records()).toBeNull();
  });

  it('emits large record sets as their own chunk (no copy)', () => {
    const big = Buffer.alloc(100_000, 7);
    const w = new Writer().begin();
    w.int32(1);
    w.records(big);
    w.int16(2);
    const out = w.finish();
    expect(out.chunks).toHaveLength(3);
    expect(out.chunks[1]).toBe(big);
    expect(out.length).toBe(4 + 4 + 100_000 + 2);
  });

  it('survives slab exhaustion with earlier encodings intact', () => {
    const first = toBuffer(new Writer().begin().finish());
    const encodings = Array.from({ length: 50 }, (_, i) => encode((w) => w.string(`${i}`.repeat(2000))));
    for (const [i, b] of encodings.entries()) expect(new Reader(b).string()).toBe(`${i}`.repeat(2000));
    expect(first.length).toBe(0);
  });

  it.each([
    ['truncated int32', '0000', (r: Reader) => r.int32()],
    ['negative string length', 'fffe', (r: Reader) => r.string()],
    ['null non-nullable string', 'ffff', (r: Reader) => r.string()],
    ['string past the end', '000561', (r: Reader) => r.string()],
    ['bytes past the end', '7fffffff00', (r: Reader) => r.bytes()],
    ['negative bytes length', 'fffffffe', (r: Reader) => r.nullableBytes()],
    ['records past the end', '00000010aa', (r: Reader) => r.records()],
    ['absurd array count', '7fffffff0000', (r: Reader) => r.arrayLength(4, false)],
    ['null non-nullable array', 'ffffffff', (r: Reader) => r.arrayLength(4, false)],
    ['negative array count', 'fffffff0', (r: Reader) => r.arrayLength(4, true)],
  ])('throws DecodeError on %s', (_name, bytes, read) => {
    expect(() => read(new Reader(hex(bytes)))).toThrow(DecodeError);
  });
});
