/**
 * Builds the RecordBatch v2 (layout in lib/broker/log/batch.ts) that the drain dispatcher produces into a temp
 * partition, straight from SourceRecords read by source-batches.ts: no kafkajs Message objects, header maps
 * or per-record Buffers. The exact size is computed first, then ONE buffer is written with a cursor.
 *
 * Each record keeps its key, value, timestamp and original header bytes (copied as they are) and gets the
 * provenance headers appended: the fixed ones (pre-encoded once) and then the source offset as a decimal
 * ASCII string. The batch is baseOffset 0, partitionLeaderEpoch -1, CreateTime, uncompressed and not
 * transactional; the broker assigns offsets. The CRC-32C covers attributes..end.
 */
import {
  BATCH_HEADER_SIZE,
  computeBatchCrc,
  LOG_OVERHEAD,
  OFF_ATTRIBUTES,
  OFF_BASE_OFFSET,
  OFF_BASE_SEQUENCE,
  OFF_BASE_TIMESTAMP,
  OFF_BATCH_LENGTH,
  OFF_CRC,
  OFF_LAST_OFFSET_DELTA,
  OFF_LEADER_EPOCH,
  OFF_MAGIC,
  OFF_MAX_TIMESTAMP,
  OFF_PRODUCER_EPOCH,
  OFF_PRODUCER_ID,
  OFF_RECORD_COUNT,
  writeInt64,
} from '../../../broker/log/batch';
import type { SourceRecord } from './source-batches';

export interface BatchProducer {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
}

const TWO_31 = 2147483648;

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

/** Bytes of the zigzag varint of `n`. */
function varintSize(n: number): number {
  let z = zigzag(n);
  let size = 1;
  while (z >= 128) {
    z = Math.floor(z / 128);
    size++;
  }
  return size;
}

/** Writes the zigzag varint of `n` at `at`; returns the position after it. */
function writeVarint(buf: Buffer, at: number, n: number): number {
  let z = zigzag(n);
  if (z < TWO_31) {
    while (z >= 0x80) {
      buf[at++] = (z & 0x7f) | 0x80;
      z >>>= 7;
    }
  } else {
    while (z >= 0x80) {
      buf[at++] = (z % 128) | 0x80;
      z = Math.floor(z / 128);
    }
  }
  buf[at++] = z;
  return at;
}

/** Decimal digits of a non-negative safe integer. */
function digitCount(n: number): number {
  let digits = 1;
  for (let p = 10; n >= p; p *= 10) digits++;
  return digits;
}

/** Copies `src` into `buf` at `at` and returns the position after it; a byte loop beats a native call for short ones. */
function put(buf: Buffer, at: number, src: Buffer): number {
  const n = src.length;
  if (n > 24) {
    buf.set(src, at);
    return at + n;
  }
  for (let i = 0; i < n; i++) buf[at + i] = src[i] as number;
  return at + n;
}

// Body sizes of the batch being encoded, computed once in the sizing pass: a scratch array that only grows.
let bodySizes = new Int32Array(1024);

function encodeHeader(key: string, value: string): Buffer {
  const k = Buffer.from(key, 'utf8');
  const v = Buffer.from(value, 'utf8');
  const out = Buffer.allocUnsafe(varintSize(k.length) + k.length + varintSize(v.length) + v.length);
  let at = writeVarint(out, 0, k.length);
  at += k.copy(out, at);
  at = writeVarint(out, at, v.length);
  v.copy(out, at);
  return out;
}

/** Provenance headers appended to each record: three constant ones plus the source offset. */
export class ProvenanceHeaders {
  /** The fixed headers, encoded back to back. */
  readonly fixedBytes: Buffer;
  readonly fixedCount: number;
  /** varint length + bytes of the offset header's key; its value is written per record. */
  readonly offsetKeyBytes: Buffer;

  constructor(fixed: ReadonlyArray<[string, string]>, offsetKey: string) {
    this.fixedBytes = Buffer.concat(fixed.map(([k, v]) => encodeHeader(k, v)));
    this.fixedCount = fixed.length;
    const key = Buffer.from(offsetKey, 'utf8');
    this.offsetKeyBytes = Buffer.allocUnsafe(varintSize(key.length) + key.length);
    key.copy(this.offsetKeyBytes, writeVarint(this.offsetKeyBytes, 0, key.length));
  }
}

/** Bytes of a record after its length varint. */
function bodySize(r: SourceRecord, index: number, timestampDelta: number, prov: ProvenanceHeaders): number {
  const digits = digitCount(r.offset);
  return (
    1 + // attributes
    varintSize(timestampDelta) +
    varintSize(index) +
    (r.key === null ? 1 : varintSize(r.key.length) + r.key.length) +
    (r.value === null ? 1 : varintSize(r.value.length) + r.value.length) +
    varintSize(r.headerCount + prov.fixedCount + 1) +
    r.headers.length +
    prov.fixedBytes.length +
    prov.offsetKeyBytes.length +
    varintSize(digits) +
    digits
  );
}

/** One v2 record batch (baseOffset 0, partitionLeaderEpoch -1, CreateTime, uncompressed, not transactional) holding `records` in order. */
export function encodeTempBatch(
  records: readonly SourceRecord[],
  provenance: ProvenanceHeaders,
  producer: BatchProducer,
): Buffer {
  const n = records.length;
  if (n === 0) throw new Error('encodeTempBatch needs at least one record');
  let minTimestamp = Number.POSITIVE_INFINITY;
  let maxTimestamp = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const r = records[i] as SourceRecord;
    if (!Number.isSafeInteger(r.offset) || r.offset < 0) throw new Error(`invalid source offset ${r.offset}`);
    if (r.timestamp < minTimestamp) minTimestamp = r.timestamp;
    if (r.timestamp > maxTimestamp) maxTimestamp = r.timestamp;
  }
  if (bodySizes.length < n) bodySizes = new Int32Array(Math.max(n, bodySizes.length * 2));
  const sizes = bodySizes;
  let size = BATCH_HEADER_SIZE;
  for (let i = 0; i < n; i++) {
    const r = records[i] as SourceRecord;
    const body = bodySize(r, i, r.timestamp - minTimestamp, provenance);
    sizes[i] = body;
    size += varintSize(body) + body;
  }

  const buf = Buffer.allocUnsafe(size);
  writeInt64(buf, OFF_BASE_OFFSET, 0);
  buf.writeInt32BE(size - LOG_OVERHEAD, OFF_BATCH_LENGTH);
  buf.writeInt32BE(-1, OFF_LEADER_EPOCH);
  buf.writeInt8(2, OFF_MAGIC);
  buf.writeInt16BE(0, OFF_ATTRIBUTES);
  buf.writeInt32BE(n - 1, OFF_LAST_OFFSET_DELTA);
  writeInt64(buf, OFF_BASE_TIMESTAMP, minTimestamp);
  writeInt64(buf, OFF_MAX_TIMESTAMP, maxTimestamp);
  writeInt64(buf, OFF_PRODUCER_ID, producer.producerId);
  buf.writeInt16BE(producer.producerEpoch, OFF_PRODUCER_EPOCH);
  buf.writeInt32BE(producer.baseSequence, OFF_BASE_SEQUENCE);
  buf.writeInt32BE(n, OFF_RECORD_COUNT);

  const { fixedBytes, offsetKeyBytes, fixedCount } = provenance;
  let at = BATCH_HEADER_SIZE;
  for (let i = 0; i < n; i++) {
    const r = records[i] as SourceRecord;
    const timestampDelta = r.timestamp - minTimestamp;
    at = writeVarint(buf, at, sizes[i] as number);
    buf[at++] = 0; // attributes
    at = writeVarint(buf, at, timestampDelta);
    at = writeVarint(buf, at, i);
    if (r.key === null) {
      buf[at++] = 1; // zigzag(-1)
    } else {
      at = writeVarint(buf, at, r.key.length);
      at = put(buf, at, r.key);
    }
    if (r.value === null) {
      buf[at++] = 1;
    } else {
      at = writeVarint(buf, at, r.value.length);
      at = put(buf, at, r.value);
    }
    at = writeVarint(buf, at, r.headerCount + fixedCount + 1);
    at = put(buf, at, r.headers);
    at = put(buf, at, fixedBytes);
    at = put(buf, at, offsetKeyBytes);
    // The source offset as decimal ASCII, written from its last digit back.
    const digits = digitCount(r.offset);
    at = writeVarint(buf, at, digits);
    let v = r.offset;
    for (let d = at + digits - 1; d >= at; d--) {
      buf[d] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    at += digits;
  }
  if (at !== size) throw new Error(`temp batch size mismatch: wrote ${at} of ${size} bytes`);
  buf.writeUInt32BE(computeBatchCrc(buf, 0, size), OFF_CRC);
  return buf;
}
