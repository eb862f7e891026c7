/**
 * Test helper: builds RecordBatch v2 buffers (uncompressed or gzip) with a correct CRC-32C, and decodes them
 * back for assertions. Independent of the log's own parsing code on purpose.
 */

import { gunzipSync, gzipSync } from 'node:zlib';
import { crc32c } from '@node-rs/crc32';

export interface TestRecord {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Array<[string, string | Buffer]>;
  /** Absolute timestamp; defaults to the batch base timestamp. */
  timestamp?: number;
}

export interface BatchSpec {
  records: TestRecord[];
  baseTimestamp?: number;
  compression?: 'none' | 'gzip';
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  /** Extra attribute bits OR-ed in (e.g. 0x10 transactional). */
  attributes?: number;
  magic?: number;
  /** maxTimestamp to write; defaults to the real max. */
  maxTimestamp?: number;
}

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function varint(n: number): Buffer {
  let v = zigzag(n);
  const out: number[] = [];
  while (v >= 128) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

function bytes(v: string | Buffer): Buffer {
  return typeof v === 'string' ? Buffer.from(v) : v;
}

function sized(v: string | Buffer | null | undefined): Buffer[] {
  if (v === null || v === undefined) return [varint(-1)];
  const b = bytes(v);
  return [varint(b.length), b];
}

function int64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
}

export function encodeRecord(r: TestRecord, index: number, baseTimestamp: number): Buffer {
  const headers = r.headers ?? [];
  const body = Buffer.concat([
    Buffer.from([0]),
    varint((r.timestamp ?? baseTimestamp) - baseTimestamp),
    varint(index),
    ...sized(r.key),
    ...sized(r.value),
    varint(headers.length),
    ...headers.flatMap(([k, v]) => [...sized(k), ...sized(v)]),
  ]);
  return Buffer.concat([varint(body.length), body]);
}

export function buildBatch(spec: BatchSpec): Buffer {
  const baseTimestamp = spec.baseTimestamp ?? 1_700_000_000_000;
  const records = spec.records.map((r, i) => encodeRecord(r, i, baseTimestamp));
  let payload = Buffer.concat(records);
  let attributes = spec.attributes ?? 0;
  if (spec.compression === 'gzip') {
    payload = gzipSync(payload);
    attributes |= 1;
  }
  const maxTimestamp =
    spec.maxTimestamp ?? Math.max(...spec.records.map((r) => r.timestamp ?? baseTimestamp), baseTimestamp);
  const afterCrc = Buffer.alloc(40);
  afterCrc.writeInt16BE(attributes, 0);
  afterCrc.writeInt32BE(spec.records.length - 1, 2);
  int64(baseTimestamp).copy(afterCrc, 6);
  int64(maxTimestamp).copy(afterCrc, 14);
  int64(spec.producerId ?? -1).copy(afterCrc, 22);
  afterCrc.writeInt16BE(spec.producerEpoch ?? -1, 30);
  afterCrc.writeInt32BE(spec.baseSequence ?? -1, 32);
  afterCrc.writeInt32BE(spec.records.length, 36);
  const crcPart = Buffer.concat([afterCrc, payload]);
  const head = Buffer.alloc(21);
  head.writeInt32BE(crcPart.length + 9, 8);
  head.writeInt32BE(-1, 12);
  head.writeInt8(spec.magic ?? 2, 16);
  head.writeUInt32BE(crc32c(crcPart) >>> 0, 17);
  return Buffer.concat([head, crcPart]);
}

/** A batch of `count` records with values `${prefix}-${i}`. */
export function simpleBatch(count: number, prefix = 'v', extra: Partial<BatchSpec> = {}): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `${prefix}-${i}` }));
  return buildBatch({ records, ...extra });
}

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
}

export interface DecodedBatch {
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  logAppendTime: boolean;
  records: DecodedRecord[];
}

function readVarint(buf: Buffer, pos: { at: number }): number {
  let raw = 0;
  let mul = 1;
  for (;;) {
    const b = buf[pos.at++] as number;
    raw += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) break;
    mul *= 128;
  }
  return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
}

function readSized(buf: Buffer, pos: { at: number }): string | null {
  const n = readVarint(buf, pos);
  if (n < 0) return null;
  const s = buf.subarray(pos.at, pos.at + n).toString('utf8');
  pos.at += n;
  return s;
}

/** Decodes whole batches (checking each CRC) into records. */
export function decodeBatches(buf: Buffer): DecodedBatch[] {
  const out: DecodedBatch[] = [];
  let at = 0;
  while (at < buf.length) {
    const size = buf.readInt32BE(at + 8) + 12;
    const batch = buf.subarray(at, at + size);
    if (crc32c(batch.subarray(21)) >>> 0 !== batch.readUInt32BE(17)) throw new Error(`bad CRC at ${at}`);
    const baseOffset = Number(batch.readBigInt64BE(0));
    const attributes = batch.readInt16BE(21);
    const baseTimestamp = Number(batch.readBigInt64BE(27));
    const maxTimestamp = Number(batch.readBigInt64BE(35));
    const count = batch.readInt32BE(57);
    let payload = batch.subarray(61);
    if ((attributes & 7) === 1) payload = gunzipSync(payload);
    const logAppendTime = (attributes & 8) !== 0;
    const records: DecodedRecord[] = [];
    const pos = { at: 0 };
    for (let i = 0; i < count; i++) {
      const len = readVarint(payload, pos);
      const end = pos.at + len;
      pos.at++;
      const tsDelta = readVarint(payload, pos);
      const offsetDelta = readVarint(payload, pos);
      const key = readSized(payload, pos);
      const value = readSized(payload, pos);
      pos.at = end;
      records.push({
        offset: baseOffset + offsetDelta,
        timestamp: logAppendTime ? maxTimestamp : baseTimestamp + tsDelta,
        key,
        value,
      });
    }
    out.push({
      baseOffset,
      lastOffset: baseOffset + batch.readInt32BE(23),
      maxTimestamp,
      logAppendTime,
      records,
    });
    at += size;
  }
  return out;
}

/** All records of decoded batches, flattened. */
export function decodeRecords(buf: Buffer): DecodedRecord[] {
  return decodeBatches(buf).flatMap((b) => b.records);
}
