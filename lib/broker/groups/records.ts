import { crc32c } from '@node-rs/crc32';

/**
 * The durable state of the coordinator as a stream of records. Applying a record is idempotent and its
 * effect on a key depends only on the last record touching that key, so replaying a journal on top of
 * a snapshot that already contains it yields the same state.
 *
 * File layout (journal and snapshot alike): an 8-byte header `SPWG` + u32 format version, then frames
 * `u32 bodyLength | u32 crc32c(body) | body`, big-endian. Body: u8 record type, then fields; strings are
 * i32 byte length (-1 = null) + UTF-8; numbers are i64 (offsets, timestamps) or i32.
 */
export type StoreRecord =
  | {
      readonly type: 'offset';
      readonly group: string;
      readonly topic: string;
      readonly partition: number;
      readonly offset: number;
      readonly leaderEpoch: number;
      readonly metadata: string;
      readonly commitTimestamp: number;
      readonly expireTimestamp: number | null;
    }
  | {
      readonly type: 'offset-delete';
      readonly group: string;
      readonly topic: string;
      readonly partition: number;
    }
  | {
      readonly type: 'group';
      readonly group: string;
      readonly protocolType: string | null;
      readonly generationId: number;
      readonly protocolName: string | null;
      readonly leader: string | null;
      /** When the group became Empty; null while it has members. */
      readonly emptySince: number | null;
    }
  | { readonly type: 'group-delete'; readonly group: string }
  | { readonly type: 'topic-delete'; readonly topic: string };

export const FILE_HEADER = Buffer.from([0x53, 0x50, 0x57, 0x47, 0, 0, 0, 1]);
const FRAME_OVERHEAD = 8;
const MAX_BODY = 64 * 1024 * 1024;
const TYPES = ['offset', 'offset-delete', 'group', 'group-delete', 'topic-delete'] as const;
const NULL_I64 = -1n;

class BodyWriter {
  private readonly parts: Buffer[] = [];

  u8(v: number): this {
    this.parts.push(Buffer.from([v]));
    return this;
  }
  i32(v: number): this {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }
  i64(v: number | null): this {
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(v === null ? NULL_I64 : BigInt(Math.trunc(v)));
    this.parts.push(b);
    return this;
  }
  str(v: string | null): this {
    if (v === null) return this.i32(-1);
    const bytes = Buffer.from(v, 'utf8');
    this.i32(bytes.length);
    this.parts.push(bytes);
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

class BodyReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new RangeError('record body truncated');
  }
  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  i32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  i64(): number {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return Number(v);
  }
  nullableI64(): number | null {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v === NULL_I64 ? null : Number(v);
  }
  nullableStr(): string | null {
    const len = this.i32();
    if (len === -1) return null;
    if (len < 0) throw new RangeError('negative string length');
    this.need(len);
    const v = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return v;
  }
  str(): string {
    const v = this.nullableStr();
    if (v === null) throw new RangeError('unexpected null string');
    return v;
  }
  end(): void {
    if (this.pos !== this.buf.length) throw new RangeError('trailing bytes in record body');
  }
}

function encodeBody(r: StoreRecord): Buffer {
  const w = new BodyWriter().u8(TYPES.indexOf(r.type));
  switch (r.type) {
    case 'offset':
      w.str(r.group).str(r.topic).i32(r.partition).i64(r.offset).i32(r.leaderEpoch).str(r.metadata);
      return w.i64(r.commitTimestamp).i64(r.expireTimestamp).done();
    case 'offset-delete':
      return w.str(r.group).str(r.topic).i32(r.partition).done();
    case 'group':
      w.str(r.group).str(r.protocolType).i32(r.generationId).str(r.protocolName).str(r.leader);
      return w.i64(r.emptySince).done();
    case 'group-delete':
      return w.str(r.group).done();
    case 'topic-delete':
      return w.str(r.topic).done();
  }
}

function decodeBody(body: Buffer): StoreRecord {
  const r = new BodyReader(body);
  const type = TYPES[r.u8()];
  let record: StoreRecord;
  switch (type) {
    case 'offset':
      record = {
        type,
        group: r.str(),
        topic: r.str(),
        partition: r.i32(),
        offset: r.i64(),
        leaderEpoch: r.i32(),
        metadata: r.str(),
        commitTimestamp: r.i64(),
        expireTimestamp: r.nullableI64(),
      };
      break;
    case 'offset-delete':
      record = { type, group: r.str(), topic: r.str(), partition: r.i32() };
      break;
    case 'group':
      record = {
        type,
        group: r.str(),
        protocolType: r.nullableStr(),
        generationId: r.i32(),
        protocolName: r.nullableStr(),
        leader: r.nullableStr(),
        emptySince: r.nullableI64(),
      };
      break;
    case 'group-delete':
      record = { type, group: r.str() };
      break;
    case 'topic-delete':
      record = { type, topic: r.str() };
      break;
    default:
      throw new RangeError('unknown record type');
  }
  r.end();
  return record;
}

/** One framed record: length, CRC-32C of the body, body. */
export function encodeRecord(record: StoreRecord): Buffer {
  const body = encodeBody(record);
  const head = Buffer.allocUnsafe(FRAME_OVERHEAD);
  head.writeUInt32BE(body.length, 0);
  head.writeUInt32BE(crc32c(body), 4);
  return Buffer.concat([head, body]);
}

export interface DecodedFile {
  readonly records: StoreRecord[];
  /** Byte length of the valid prefix (header included); the rest is a torn or corrupt tail. */
  readonly validLength: number;
  /** True when bytes after the valid prefix were dropped. */
  readonly truncated: boolean;
}

/** Decodes a journal or snapshot file, stopping at the first incomplete or corrupt frame. */
export function decodeFile(buf: Buffer): DecodedFile {
  // The header is written and synced when a file is created, so only a crash at creation tears it.
  if (buf.length < FILE_HEADER.length) return { records: [], validLength: 0, truncated: buf.length > 0 };
  if (!buf.subarray(0, FILE_HEADER.length).equals(FILE_HEADER)) {
    throw new Error('not a group store file of a supported format version');
  }
  const records: StoreRecord[] = [];
  let pos = FILE_HEADER.length;
  while (pos + FRAME_OVERHEAD <= buf.length) {
    const length = buf.readUInt32BE(pos);
    const end = pos + FRAME_OVERHEAD + length;
    if (length > MAX_BODY || end > buf.length) break;
    const body = buf.subarray(pos + FRAME_OVERHEAD, end);
    if (crc32c(body) !== buf.readUInt32BE(pos + 4)) break;
    try {
      records.push(decodeBody(body));
    } catch {
      break;
    }
    pos = end;
  }
  return { records, validLength: pos, truncated: pos < buf.length };
}
