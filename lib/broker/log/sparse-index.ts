/**
 * Sparse offset and time indexes of one segment, held in memory and persisted whole when a segment is
 * rolled or closed (they are rebuildable from the log, so they are never fsynced on the hot path).
 *
 * On-disk format (big-endian), `.index` and `.timeindex`:
 *   header 36 bytes: magic 'SPWX' | version u16 = 1 | kind u16 (1 offset, 2 time) | baseOffset i64 |
 *                    segmentSize u32 | entryCount u32 | nextOffset i64 | crc32c u32 (header[0,32) + entries)
 *   offset entries, 8 bytes: relativeOffset u32 | position u32        (batch base offset -> file position)
 *   time entries, 16 bytes:  timestamp i64 | relativeOffset u32 | position u32
 *     (largest batch max-timestamp so far -> the batch that reached it; the last entry is the segment max)
 */
import { crc32c } from '@node-rs/crc32';
import { readInt64, writeInt64 } from './batch';

const MAGIC = 0x53505758; // 'SPWX'
const VERSION = 1;
const HEADER = 36;

type Column = Float64Array | Uint32Array;
type ColumnType = Float64ArrayConstructor | Uint32ArrayConstructor;

/** Growable parallel typed columns (u32 offsets/positions, f64 timestamps): ~24 bytes per index entry pair. */
class Columns {
  length = 0;
  private cols: Column[];

  constructor(private readonly types: readonly ColumnType[]) {
    this.cols = types.map((T) => new T(16));
  }

  col(i: number): Column {
    return this.cols[i] as Column;
  }

  push(...values: number[]): void {
    if (this.length === this.col(0).length) {
      this.cols = this.cols.map((c, i) => {
        const T = this.types[i] as ColumnType;
        const next = new T(c.length * 2);
        next.set(c);
        return next;
      });
    }
    for (let i = 0; i < values.length; i++) this.col(i)[this.length] = values[i] as number;
    this.length++;
  }

  /** Index of the last row whose column `c` value satisfies `pred` (monotone), or -1. */
  lastWhere(c: number, pred: (v: number) => boolean): number {
    const col = this.col(c);
    let lo = 0;
    let hi = this.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (pred(col[mid] as number)) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }
}

export interface IndexPosition {
  offset: number;
  position: number;
}

export interface TimeEntry extends IndexPosition {
  timestamp: number;
}

export class OffsetIndex {
  private readonly rows = new Columns([Uint32Array, Uint32Array]);

  constructor(readonly baseOffset: number) {}

  get length(): number {
    return this.rows.length;
  }

  append(offset: number, position: number): void {
    this.rows.push(offset - this.baseOffset, position);
  }

  /** The last indexed batch starting at or before `offset`. */
  floor(offset: number): IndexPosition | null {
    const rel = offset - this.baseOffset;
    const i = this.rows.lastWhere(0, (v) => v <= rel);
    if (i < 0) return null;
    return {
      offset: this.baseOffset + (this.rows.col(0)[i] as number),
      position: this.rows.col(1)[i] as number,
    };
  }

  last(): IndexPosition | null {
    const i = this.rows.length - 1;
    if (i < 0) return null;
    return {
      offset: this.baseOffset + (this.rows.col(0)[i] as number),
      position: this.rows.col(1)[i] as number,
    };
  }

  encode(segmentSize: number, nextOffset: number): Buffer {
    const body = Buffer.allocUnsafe(this.rows.length * 8);
    for (let i = 0; i < this.rows.length; i++) {
      body.writeUInt32BE(this.rows.col(0)[i] as number, i * 8);
      body.writeUInt32BE(this.rows.col(1)[i] as number, i * 8 + 4);
    }
    return withHeader(1, this.baseOffset, segmentSize, this.rows.length, nextOffset, body);
  }

  static decode(
    buf: Buffer,
    baseOffset: number,
  ): { index: OffsetIndex; segmentSize: number; nextOffset: number } | null {
    const h = readHeader(buf, 1, baseOffset, 8);
    if (h === null) return null;
    const index = new OffsetIndex(baseOffset);
    let lastPos = -1;
    let lastRel = -1;
    for (let i = 0; i < h.count; i++) {
      const rel = buf.readUInt32BE(HEADER + i * 8);
      const pos = buf.readUInt32BE(HEADER + i * 8 + 4);
      if (rel <= lastRel || pos <= lastPos || pos >= h.segmentSize) return null;
      index.rows.push(rel, pos);
      lastRel = rel;
      lastPos = pos;
    }
    return { index, segmentSize: h.segmentSize, nextOffset: h.nextOffset };
  }
}

export class TimeIndex {
  private readonly rows = new Columns([Float64Array, Uint32Array, Uint32Array]);

  constructor(readonly baseOffset: number) {}

  get length(): number {
    return this.rows.length;
  }

  append(timestamp: number, offset: number, position: number): void {
    this.rows.push(timestamp, offset - this.baseOffset, position);
  }

  private entry(i: number): TimeEntry {
    return {
      timestamp: this.rows.col(0)[i] as number,
      offset: this.baseOffset + (this.rows.col(1)[i] as number),
      position: this.rows.col(2)[i] as number,
    };
  }

  /** The last entry with a timestamp strictly below `timestamp`: every batch before it is older. */
  lastBefore(timestamp: number): TimeEntry | null {
    const i = this.rows.lastWhere(0, (v) => v < timestamp);
    return i < 0 ? null : this.entry(i);
  }

  last(): TimeEntry | null {
    return this.rows.length === 0 ? null : this.entry(this.rows.length - 1);
  }

  encode(segmentSize: number, nextOffset: number): Buffer {
    const body = Buffer.allocUnsafe(this.rows.length * 16);
    for (let i = 0; i < this.rows.length; i++) {
      writeInt64(body, i * 16, this.rows.col(0)[i] as number);
      body.writeUInt32BE(this.rows.col(1)[i] as number, i * 16 + 8);
      body.writeUInt32BE(this.rows.col(2)[i] as number, i * 16 + 12);
    }
    return withHeader(2, this.baseOffset, segmentSize, this.rows.length, nextOffset, body);
  }

  static decode(buf: Buffer, baseOffset: number, segmentSize: number): TimeIndex | null {
    const h = readHeader(buf, 2, baseOffset, 16);
    if (h === null || h.segmentSize !== segmentSize) return null;
    const index = new TimeIndex(baseOffset);
    let lastTs = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < h.count; i++) {
      const ts = readInt64(buf, HEADER + i * 16);
      const rel = buf.readUInt32BE(HEADER + i * 16 + 8);
      const pos = buf.readUInt32BE(HEADER + i * 16 + 12);
      if (ts <= lastTs || pos >= segmentSize) return null;
      index.rows.push(ts, rel, pos);
      lastTs = ts;
    }
    return index;
  }
}

function withHeader(
  kind: number,
  base: number,
  size: number,
  count: number,
  next: number,
  body: Buffer,
): Buffer {
  const buf = Buffer.allocUnsafe(HEADER + body.length);
  buf.writeUInt32BE(MAGIC, 0);
  buf.writeUInt16BE(VERSION, 4);
  buf.writeUInt16BE(kind, 6);
  writeInt64(buf, 8, base);
  buf.writeUInt32BE(size, 16);
  buf.writeUInt32BE(count, 20);
  writeInt64(buf, 24, next);
  body.copy(buf, HEADER);
  buf.writeUInt32BE(crc32c(body, crc32c(buf.subarray(0, 32))) >>> 0, 32);
  return buf;
}

function readHeader(
  buf: Buffer,
  kind: number,
  base: number,
  entrySize: number,
): { segmentSize: number; count: number; nextOffset: number } | null {
  if (buf.length < HEADER) return null;
  if (buf.readUInt32BE(0) !== MAGIC || buf.readUInt16BE(4) !== VERSION || buf.readUInt16BE(6) !== kind)
    return null;
  if (readInt64(buf, 8) !== base) return null;
  const count = buf.readUInt32BE(20);
  if (buf.length !== HEADER + count * entrySize) return null;
  const crc = crc32c(buf.subarray(HEADER), crc32c(buf.subarray(0, 32))) >>> 0;
  if (crc !== buf.readUInt32BE(32)) return null;
  return { segmentSize: buf.readUInt32BE(16), count, nextOffset: readInt64(buf, 24) };
}
