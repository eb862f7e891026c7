/**
 * Big-endian writer that encodes into a list of chunks. Small fields go into a shared append-only slab
 * (chunks are views of it, never overwritten), large `records` Buffers are emitted as their own chunk and
 * never copied. The result suits `socket.cork()` + one `write` per chunk, or `Buffer.concat` when small.
 */
import { EncodeError } from './protocol-errors';

/** An encoded message: its chunks in order and their total length in bytes. */
export interface Encoded {
  chunks: Buffer[];
  length: number;
}

const SLAB_SIZE = 64 * 1024;
/** Record sets up to this size are copied into the slab rather than emitted as a separate chunk. */
const INLINE_MAX = 1024;
const TWO_32 = 4294967296;
/** Below this magnitude the zigzag form (2|v|) stays within 2^53, so number arithmetic is exact. */
const ZIGZAG_EXACT = 2 ** 52;

let slab: Buffer = Buffer.allocUnsafeSlow(SLAB_SIZE);
let slabUsed = 0;

export class Writer {
  private buf: Buffer = slab;
  private start = 0;
  private pos = 0;
  private chunks: Buffer[] = [];
  private flushed = 0;

  /** Starts a new message at the free end of the shared slab. */
  begin(): this {
    if (slabUsed > slab.length - 256) {
      slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
      slabUsed = 0;
    }
    this.buf = slab;
    this.start = slabUsed;
    this.pos = slabUsed;
    this.chunks = [];
    this.flushed = 0;
    return this;
  }

  /** Ends the message; the writer may be reused with `begin()` afterwards. */
  finish(): Encoded {
    if (this.pos > this.start) {
      this.chunks.push(this.buf.subarray(this.start, this.pos));
      this.flushed += this.pos - this.start;
    }
    if (this.buf === slab) slabUsed = (this.pos + 7) & ~7;
    const out = { chunks: this.chunks, length: this.flushed };
    this.chunks = [];
    return out;
  }

  private ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    const used = this.pos - this.start;
    const next = Buffer.allocUnsafeSlow(Math.max(SLAB_SIZE, (used + n) * 2));
    this.buf.copy(next, 0, this.start, this.pos);
    this.buf = next;
    this.start = 0;
    this.pos = used;
    slab = next;
    slabUsed = 0;
  }

  int8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  int16(v: number): void {
    this.ensure(2);
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 8;
    b[p + 1] = v;
    this.pos = p + 2;
  }

  int32(v: number): void {
    this.ensure(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
    this.pos = p + 4;
  }

  uint32(v: number): void {
    this.int32(v);
  }

  /** int64 from a number (exact for safe integers). */
  int64(v: number): void {
    const hi = Math.floor(v / TWO_32);
    this.int32(hi);
    this.int32(v - hi * TWO_32);
  }

  int64Big(v: bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64BE(BigInt.asIntN(64, v), this.pos);
    this.pos += 8;
  }

  float64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }

  uuid(v: Buffer): void {
    if (v.length !== 16) throw new EncodeError(`uuid must be 16 bytes, got ${v.length}`);
    this.raw(v);
  }

  string(s: string): void {
    const n = s.length;
    this.ensure(2 + n * 3);
    const b = this.buf;
    const p = this.pos + 2;
    let len = 0;
    if (n <= 64) {
      while (len < n) {
        const c = s.charCodeAt(len);
        if (c >= 0x80) break;
        b[p + len] = c;
        len++;
      }
      if (len < n) len = b.write(s, p, 'utf8');
    } else {
      len = b.write(s, p, 'utf8');
    }
    if (len > 32767) throw new EncodeError(`string of ${len} bytes exceeds the int16 length limit`);
    b[p - 2] = len >>> 8;
    b[p - 1] = len;
    this.pos = p + len;
  }

  nullableString(s: string | null): void {
    if (s === null) this.int16(-1);
    else this.string(s);
  }

  bytes(v: Buffer): void {
    this.int32(v.length);
    this.raw(v);
  }

  nullableBytes(v: Buffer | null): void {
    if (v === null) this.int32(-1);
    else this.bytes(v);
  }

  /** A record set: length then the bytes, emitted as its own chunk (no copy) when large. */
  records(v: Buffer | null): void {
    if (v === null) {
      this.int32(-1);
      return;
    }
    this.int32(v.length);
    if (v.length <= INLINE_MAX) {
      this.raw(v);
      return;
    }
    if (this.pos > this.start) {
      this.chunks.push(this.buf.subarray(this.start, this.pos));
      this.flushed += this.pos - this.start;
      this.start = this.pos;
    }
    this.chunks.push(v);
    this.flushed += v.length;
  }

  /** Copies bytes into the current chunk. */
  raw(v: Buffer): void {
    this.ensure(v.length);
    v.copy(this.buf, this.pos);
    this.pos += v.length;
  }

  unsignedVarint(v: number): void {
    this.ensure(5);
    let u = v >>> 0;
    while (u >= 0x80) {
      this.buf[this.pos++] = (u & 0x7f) | 0x80;
      u >>>= 7;
    }
    this.buf[this.pos++] = u;
  }

  /** Zigzag varint (int32). */
  varint(v: number): void {
    this.unsignedVarint((v << 1) ^ (v >> 31));
  }

  /** Zigzag varlong from a number (exact for safe integers). */
  varlong(v: number): void {
    this.ensure(10);
    if (v >= ZIGZAG_EXACT || v <= -ZIGZAG_EXACT) {
      this.varlongBig(BigInt(v));
      return;
    }
    let u = v >= 0 ? v * 2 : -v * 2 - 1;
    while (u >= 0x80) {
      this.buf[this.pos++] = (u % 0x80) | 0x80;
      u = Math.floor(u / 0x80);
    }
    this.buf[this.pos++] = u;
  }

  /** Zigzag varlong from a bigint (exact for every int64). */
  varlongBig(v: bigint): void {
    this.ensure(10);
    let u = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
    while (u >= 0x80n) {
      this.buf[this.pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.pos++] = Number(u);
  }
}

/** Bytes needed by `varint(v)` (zigzag int32). */
export function sizeOfVarint(v: number): number {
  let u = ((v << 1) ^ (v >> 31)) >>> 0;
  let n = 1;
  while (u >= 0x80) {
    u >>>= 7;
    n++;
  }
  return n;
}

/** Bytes needed by `varlong(v)` (zigzag, number). */
export function sizeOfVarlong(v: number): number {
  if (v >= ZIGZAG_EXACT || v <= -ZIGZAG_EXACT) {
    let big = BigInt.asUintN(64, (BigInt(v) << 1n) ^ (BigInt(v) >> 63n));
    let n = 1;
    while (big >= 0x80n) {
      big >>= 7n;
      n++;
    }
    return n;
  }
  let u = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (u >= 0x80) {
    u = Math.floor(u / 0x80);
    n++;
  }
  return n;
}

/** Joins an encoding into one Buffer (for small messages and tests). */
export function toBuffer(e: Encoded): Buffer {
  return e.chunks.length === 1 ? (e.chunks[0] as Buffer) : Buffer.concat(e.chunks, e.length);
}
