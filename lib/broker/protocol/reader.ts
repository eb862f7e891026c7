/**
 * Bounds-checked big-endian reader over one Buffer. Every read checks the remaining length first and
 * throws `DecodeError` (never RangeError) on truncation or an impossible length. int64 values are read as
 * JS numbers (exact up to ±2^53, rounded beyond: see README.md); `int64Big` reads them exactly as bigint.
 */
import { DecodeError } from '../errors';

const TWO_32 = 4294967296;

export class Reader {
  buf: Buffer;
  pos: number;
  end: number;

  constructor(buf: Buffer, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(message: string): never {
    throw new DecodeError(message, this.pos);
  }

  private need(n: number, what: string): number {
    const p = this.pos;
    if (p + n > this.end) this.fail(`truncated ${what}: need ${n} bytes, ${this.end - p} left`);
    this.pos = p + n;
    return p;
  }

  int8(): number {
    const p = this.need(1, 'int8');
    const v = this.buf[p] as number;
    return v > 127 ? v - 256 : v;
  }

  bool(): boolean {
    const p = this.need(1, 'boolean');
    return this.buf[p] !== 0;
  }

  int16(): number {
    const p = this.need(2, 'int16');
    const b = this.buf;
    const v = ((b[p] as number) << 8) | (b[p + 1] as number);
    return v > 32767 ? v - 65536 : v;
  }

  int32(): number {
    const p = this.need(4, 'int32');
    const b = this.buf;
    return (
      ((b[p] as number) << 24) |
      ((b[p + 1] as number) << 16) |
      ((b[p + 2] as number) << 8) |
      (b[p + 3] as number)
    );
  }

  uint32(): number {
    return this.int32() >>> 0;
  }

  /** int64 as a number: exact when |value| <= 2^53, rounded to the nearest double beyond. */
  int64(): number {
    const p = this.need(8, 'int64');
    const b = this.buf;
    const hi =
      ((b[p] as number) << 24) |
      ((b[p + 1] as number) << 16) |
      ((b[p + 2] as number) << 8) |
      (b[p + 3] as number);
    const lo =
      (((b[p + 4] as number) << 24) |
        ((b[p + 5] as number) << 16) |
        ((b[p + 6] as number) << 8) |
        (b[p + 7] as number)) >>>
      0;
    return hi * TWO_32 + lo;
  }

  int64Big(): bigint {
    const p = this.need(8, 'int64');
    return this.buf.readBigInt64BE(p);
  }

  float64(): number {
    const p = this.need(8, 'float64');
    return this.buf.readDoubleBE(p);
  }

  /** 16 bytes, copied. */
  uuid(): Buffer {
    const p = this.need(16, 'uuid');
    return Buffer.from(this.buf.subarray(p, p + 16));
  }

  private strBody(len: number): string {
    const p = this.need(len, 'string');
    return this.buf.toString('utf8', p, p + len);
  }

  string(): string {
    const len = this.int16();
    if (len < 0) this.fail(`negative string length ${len}`);
    return this.strBody(len);
  }

  nullableString(): string | null {
    const len = this.int16();
    if (len === -1) return null;
    if (len < 0) this.fail(`negative string length ${len}`);
    return this.strBody(len);
  }

  private bytesLen(nullable: boolean): number {
    const len = this.int32();
    if (len === -1 && nullable) return -1;
    if (len < 0) this.fail(`negative bytes length ${len}`);
    if (len > this.end - this.pos)
      this.fail(`bytes length ${len} exceeds the ${this.end - this.pos} bytes left`);
    return len;
  }

  /** bytes, copied (they may be kept long after the frame: group metadata, assignments). */
  bytes(): Buffer {
    const len = this.bytesLen(false);
    const p = this.need(len, 'bytes');
    return Buffer.from(this.buf.subarray(p, p + len));
  }

  nullableBytes(): Buffer | null {
    const len = this.bytesLen(true);
    if (len === -1) return null;
    const p = this.need(len, 'bytes');
    return Buffer.from(this.buf.subarray(p, p + len));
  }

  /** A record set: a SLICE of the input (no copy), or null. */
  records(): Buffer | null {
    const len = this.bytesLen(true);
    if (len === -1) return null;
    const p = this.need(len, 'records');
    return this.buf.subarray(p, p + len);
  }

  /**
   * An array length. Returns -1 for a null array when `nullable`. Throws on other negative counts and on
   * counts that cannot fit in the bytes left given the smallest encoding of one element (`minSize`).
   */
  arrayLength(minSize: number, nullable: boolean): number {
    const n = this.int32();
    if (n < 0) {
      if (n === -1 && nullable) return -1;
      this.fail(`negative array length ${n}`);
    }
    if (n * (minSize > 0 ? minSize : 1) > this.end - this.pos) {
      this.fail(`array length ${n} cannot fit in the ${this.end - this.pos} bytes left`);
    }
    return n;
  }

  /** Unsigned LEB128 varint, at most 5 bytes (uint32). */
  unsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const p = this.need(1, 'varint');
      const byte = this.buf[p] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (value > 0xffffffff) this.fail('varint overflows 32 bits');
        return value;
      }
    }
    return this.fail('varint longer than 5 bytes');
  }

  /** Zigzag varint (int32), as used in record bodies. */
  varint(): number {
    const u = this.unsignedVarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Zigzag varlong as a number (exact to ±2^53; rounded beyond). At most 10 bytes. */
  varlong(): number {
    const start = this.pos;
    let value = 0;
    for (let shift = 0; shift < 49; shift += 7) {
      const p = this.need(1, 'varlong');
      const byte = this.buf[p] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
    }
    // Past 49 bits the zigzag form may exceed 2^53: finish exactly with bigint, then convert.
    this.pos = start;
    return Number(this.varlongBig());
  }

  /** Zigzag varlong, exact, as bigint. */
  varlongBig(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const p = this.need(1, 'varlong');
      const byte = this.buf[p] as number;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        const u = BigInt.asUintN(64, value);
        return BigInt.asIntN(64, (u >> 1n) ^ -(u & 1n));
      }
    }
    return this.fail('varlong longer than 10 bytes');
  }

  /** Skips a flexible-version tagged-field section (count, then tag + size + bytes each). */
  skipTaggedFields(): void {
    const count = this.unsignedVarint();
    for (let i = 0; i < count; i++) {
      this.unsignedVarint();
      const size = this.unsignedVarint();
      this.need(size, 'tagged field');
    }
  }
}
