/**
 * Reads the `records` field of one partition of a Fetch response (RecordBatch v2, see lib/broker/log/batch.ts)
 * straight into flat SourceRecords, for the drain dispatcher. kafkajs builds several objects, strings and
 * header maps per record; here a record is one object whose key, value and headers are views (subarray) of
 * the fetched bytes, or of the decompressed bytes of a compressed batch (gzip, snappy, lz4 or zstd, see
 * decompress.ts). Nothing else is copied.
 *
 * Record: length varint | attributes int8 | timestampDelta varlong | offsetDelta varint | keyLength varint |
 * key | valueLength varint | value | headerCount varint | (keyLength varint, key, valueLength varint, value)*
 *
 * Varints are zigzag. A fetch may end with a partial batch (ignored) and may start with a batch that begins
 * before the fetch offset (records below it are dropped). Every complete batch's CRC-32C is checked and
 * every record is bounds-checked: corrupt input throws, it never turns into records.
 *
 * READ_COMMITTED filtering follows the Java consumer: control batches are skipped; aborted transactions
 * (sorted by first offset) put their producer into an "aborted" set once a batch reaches that offset; a
 * transactional batch of a producer in the set is skipped; that producer's ABORT marker takes it out again.
 */
import {
  BATCH_HEADER_SIZE,
  CONTROL_BIT,
  compressionOf,
  crcMatches,
  isLogAppendTime,
  LOG_OVERHEAD,
  lastOffsetOf,
  OFF_BATCH_LENGTH,
  OFF_MAGIC,
  readBatchHeader,
  readInt64,
  TRANSACTIONAL_BIT,
} from '../../../broker/log/batch';
import { decompressBatchRecords } from './decompress';

export interface SourceRecord {
  offset: number;
  /** Absolute ms: CreateTime = batch baseTimestamp + delta; for LogAppendTime batches the batch's maxTimestamp. */
  timestamp: number;
  /** A view (subarray) of the fetched (or decompressed) bytes, no copy. */
  key: Buffer | null;
  /** A view, like key. */
  value: Buffer | null;
  headerCount: number;
  /** The raw bytes of the record's headers after the count (each: varint keyLen, key, varint valueLen, value); a view. */
  headers: Buffer;
}

export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
}

export interface SourceRead {
  records: SourceRecord[];
  /** The offset after the last complete batch read (control and aborted batches included); = fetchOffset when none was complete. */
  nextOffset: number;
}

/** Control record key: int16 version, int16 type. */
const CONTROL_ABORT = 0;

/** Thrown by the record readers; readSourceBatches adds the batch offset. */
class Malformed extends Error {}

// The read cursor of the record readers: module state instead of an object, so reading allocates nothing.
let pos = 0;

/** Reads a zigzag varint/varlong at `pos` within [pos, end). */
function varint(buf: Buffer, end: number): number {
  if (pos >= end) throw new Malformed('records are truncated');
  const first = buf[pos] as number;
  if (first < 0x80) {
    pos++;
    return (first >>> 1) ^ -(first & 1);
  }
  let raw = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new Malformed('records are truncated');
    const b = buf[pos++] as number;
    raw += (b & 0x7f) * mul;
    if (b < 0x80) {
      if (raw > Number.MAX_SAFE_INTEGER) throw new Malformed('a varint exceeds the safe integer range');
      return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    }
    mul *= 128;
  }
  throw new Malformed('a varint is longer than 10 bytes');
}

/** Reads a length varint (>= -1) and returns the length, checking the bytes fit before `end`. */
function sized(buf: Buffer, end: number, what: string): number {
  const n = varint(buf, end);
  if (n < -1) throw new Malformed(`${what} has an invalid length ${n}`);
  if (n > end - pos) throw new Malformed(`${what} of ${n} bytes runs past its record`);
  return n;
}

/** The records section of a complete batch, decompressed (gzip, snappy, lz4, zstd: see decompress.ts). */
function recordsSection(
  records: Buffer,
  at: number,
  size: number,
  codec: number,
  baseOffset: number,
): Buffer {
  return decompressBatchRecords(codec, records.subarray(at + BATCH_HEADER_SIZE, at + size), baseOffset);
}

/** True when the first record of a control batch is an ABORT marker. */
function isAbortMarker(section: Buffer): boolean {
  pos = 0;
  const end = section.length;
  const length = varint(section, end);
  if (length < 0 || length > end - pos) throw new Malformed('the control record has an invalid length');
  const recordEnd = pos + length;
  pos++; // attributes
  varint(section, recordEnd); // timestampDelta
  varint(section, recordEnd); // offsetDelta
  const keyLength = sized(section, recordEnd, 'the control record key');
  if (keyLength < 4) throw new Malformed(`the control record key has ${keyLength} bytes, not 4`);
  return section.readInt16BE(pos + 2) === CONTROL_ABORT;
}

/** The headers of every record without any (one view fewer to allocate per such record). */
const NO_HEADERS = Buffer.alloc(0);

/** Appends the records of one batch section with offset >= fetchOffset to `out`. */
function readRecords(
  section: Buffer,
  count: number,
  baseOffset: number,
  lastOffsetDelta: number,
  baseTimestamp: number,
  fixedTimestamp: number | null,
  fetchOffset: number,
  out: SourceRecord[],
): void {
  const end = section.length;
  let lastDelta = -1;
  pos = 0;
  for (let i = 0; i < count; i++) {
    const length = varint(section, end);
    if (length <= 0 || length > end - pos) throw new Malformed(`record ${i} has an invalid length ${length}`);
    const recordEnd = pos + length;
    pos++; // attributes: unused in v2
    const timestampDelta = varint(section, recordEnd);
    const offsetDelta = varint(section, recordEnd);
    // Compaction leaves gaps, so deltas only have to increase and stay within the batch.
    if (offsetDelta <= lastDelta || offsetDelta > lastOffsetDelta) {
      throw new Malformed(`record ${i} has offset delta ${offsetDelta}`);
    }
    lastDelta = offsetDelta;
    const keyLength = sized(section, recordEnd, `the key of record ${i}`);
    const keyAt = pos;
    if (keyLength > 0) pos += keyLength;
    const valueLength = sized(section, recordEnd, `the value of record ${i}`);
    const valueAt = pos;
    if (valueLength > 0) pos += valueLength;
    const headerCount = varint(section, recordEnd);
    if (headerCount < 0) throw new Malformed(`record ${i} has a negative header count`);
    const headersAt = pos;
    for (let h = 0; h < headerCount; h++) {
      const hk = sized(section, recordEnd, `a header key of record ${i}`);
      if (hk < 0) throw new Malformed(`a header key of record ${i} is null`);
      pos += hk;
      const hv = sized(section, recordEnd, `a header value of record ${i}`);
      if (hv > 0) pos += hv;
    }
    if (pos !== recordEnd) throw new Malformed(`record ${i} length does not match its fields`);
    const offset = baseOffset + offsetDelta;
    if (offset < fetchOffset) continue;
    out.push({
      offset,
      timestamp: fixedTimestamp ?? baseTimestamp + timestampDelta,
      key: keyLength < 0 ? null : section.subarray(keyAt, keyAt + keyLength),
      value: valueLength < 0 ? null : section.subarray(valueAt, valueAt + valueLength),
      headerCount,
      headers: headerCount === 0 ? NO_HEADERS : section.subarray(headersAt, recordEnd),
    });
  }
  if (pos !== end) throw new Malformed('bytes left over after the last record');
}

export function readSourceBatches(
  records: Buffer | null,
  fetchOffset: number,
  aborted: readonly AbortedTxn[] | null,
): SourceRead {
  const out: SourceRecord[] = [];
  let nextOffset = fetchOffset;
  if (records === null) return { records: out, nextOffset };
  const txns =
    aborted && aborted.length > 0 ? [...aborted].sort((a, b) => a.firstOffset - b.firstOffset) : null;
  let txnIndex = 0;
  const abortedProducers = new Set<number>();
  let at = 0;
  // Up to the magic byte is needed to tell a partial v2 batch from another format.
  while (records.length - at > OFF_MAGIC) {
    const remaining = records.length - at;
    const magic = records.readInt8(at + OFF_MAGIC);
    if (magic !== 2) {
      throw new Error(
        `record batch at offset ${readInt64(records, at)} has magic ${magic}; the dispatcher reads only v2 batches`,
      );
    }
    const size = records.readInt32BE(at + OFF_BATCH_LENGTH) + LOG_OVERHEAD;
    if (size < BATCH_HEADER_SIZE) {
      throw new Error(
        `corrupt record batch at offset ${readInt64(records, at)} (length ${size - LOG_OVERHEAD})`,
      );
    }
    if (size > remaining) break; // a partial batch at the end of the fetch
    const h = readBatchHeader(records, at);
    if (!crcMatches(records, at, size)) {
      throw new Error(`corrupt record batch at offset ${h.baseOffset} (CRC mismatch)`);
    }
    if (h.recordCount < 0 || h.lastOffsetDelta < 0) {
      throw new Error(
        `corrupt record batch at offset ${h.baseOffset} (negative record count or offset delta)`,
      );
    }
    const lastOffset = lastOffsetOf(h);
    const codec = compressionOf(h.attributes);
    if (txns !== null) {
      // Java's consumer: every aborted transaction starting at or before this batch marks its producer.
      for (let t = txns[txnIndex]; t !== undefined && t.firstOffset <= lastOffset; t = txns[++txnIndex]) {
        abortedProducers.add(t.producerId);
      }
    }
    try {
      if ((h.attributes & CONTROL_BIT) !== 0) {
        if (abortedProducers.has(h.producerId) && h.recordCount > 0) {
          const section = recordsSection(records, at, size, codec, h.baseOffset);
          if (isAbortMarker(section)) abortedProducers.delete(h.producerId);
        }
      } else if ((h.attributes & TRANSACTIONAL_BIT) !== 0 && abortedProducers.has(h.producerId)) {
        // an aborted transaction's batch: skipped
      } else if (lastOffset >= fetchOffset && h.recordCount > 0) {
        const section = recordsSection(records, at, size, codec, h.baseOffset);
        const fixed = isLogAppendTime(h.attributes) ? h.maxTimestamp : null;
        readRecords(
          section,
          h.recordCount,
          h.baseOffset,
          h.lastOffsetDelta,
          h.baseTimestamp,
          fixed,
          fetchOffset,
          out,
        );
      }
    } catch (err) {
      if (!(err instanceof Malformed)) throw err;
      throw new Error(`malformed record batch at offset ${h.baseOffset}: ${err.message}`);
    }
    if (lastOffset + 1 > nextOffset) nextOffset = lastOffset + 1;
    at += size;
  }
  return { records: out, nextOffset };
}
