/**
 * Record-level inspection of a v2 batch: only for validation of uncompressed batches on the produce path and
 * for finding the exact record of a timestamp lookup (uncompressed or gzip). Other codecs stay opaque.
 *
 * Record: length varint | attributes int8 | timestampDelta varlong | offsetDelta varint | keyLength varint |
 * key | valueLength varint | value | headerCount varint | (keyLength varint, key, valueLength varint, value)*
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { BATCH_HEADER_SIZE, type BatchHeader, Compression, compressionOf, isLogAppendTime } from './batch';

const gunzipAsync = promisify(gunzip);

class Truncated extends Error {}

/** Zigzag varint reader over a buffer range; throws Truncated / RangeError on malformed input. */
class Cursor {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    public end: number,
  ) {}

  varint(): number {
    let raw = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Truncated();
      const b = this.buf[this.pos++] as number;
      raw += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        if (raw > Number.MAX_SAFE_INTEGER) throw new RangeError('varint exceeds the safe integer range');
        return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      }
      mul *= 128;
    }
    throw new RangeError('varint longer than 10 bytes');
  }

  skip(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new Truncated();
    this.pos += n;
  }

  int8(): number {
    if (this.pos >= this.end) throw new Truncated();
    return this.buf.readInt8(this.pos++);
  }
}

export interface RecordMeta {
  offsetDelta: number;
  timestamp: number;
}

/**
 * Walks `count` records in `buf[from, to)`, checking lengths and offset deltas, calling `visit` for each one;
 * `visit` returning true stops early. Returns an error message for malformed data, or null when valid.
 */
export function walkRecords(
  buf: Buffer,
  from: number,
  to: number,
  count: number,
  baseTimestamp: number,
  visit?: (r: RecordMeta) => boolean | undefined,
): string | null {
  const c = new Cursor(buf, from, to);
  try {
    for (let i = 0; i < count; i++) {
      const length = c.varint();
      if (length < 0 || c.pos + length > to) return `record ${i} has an invalid length ${length}`;
      const recordEnd = c.pos + length;
      c.end = recordEnd;
      c.int8();
      const timestamp = baseTimestamp + c.varint();
      const offsetDelta = c.varint();
      if (offsetDelta !== i) return `record ${i} has offset delta ${offsetDelta}`;
      const keyLength = c.varint();
      if (keyLength < -1) return `record ${i} has an invalid key length`;
      if (keyLength > 0) c.skip(keyLength);
      const valueLength = c.varint();
      if (valueLength < -1) return `record ${i} has an invalid value length`;
      if (valueLength > 0) c.skip(valueLength);
      const headers = c.varint();
      if (headers < 0) return `record ${i} has a negative header count`;
      for (let h = 0; h < headers; h++) {
        const hk = c.varint();
        if (hk < 0) return `record ${i} has a header with an invalid key length`;
        c.skip(hk);
        const hv = c.varint();
        if (hv < -1) return `record ${i} has a header with an invalid value length`;
        if (hv > 0) c.skip(hv);
      }
      if (c.pos !== recordEnd) return `record ${i} length does not match its fields`;
      c.end = to;
      if (visit?.({ offsetDelta, timestamp })) return null;
    }
  } catch (err) {
    if (err instanceof Truncated) return 'records are truncated';
    if (err instanceof RangeError) return err.message;
    throw err;
  }
  if (c.pos !== to) return 'bytes left over after the last record';
  return null;
}

/** The records section of a batch, decompressed when it is gzip; null for codecs the log does not inspect. */
async function recordsSection(batch: Buffer, h: BatchHeader): Promise<Buffer | null> {
  const codec = compressionOf(h.attributes);
  if (codec === Compression.none) return batch.subarray(BATCH_HEADER_SIZE, h.size);
  if (codec === Compression.gzip) return gunzipAsync(batch.subarray(BATCH_HEADER_SIZE, h.size));
  return null;
}

/**
 * The first record with offset >= minOffset whose timestamp satisfies `match`, inside one batch.
 * For LogAppendTime batches every record carries the batch max timestamp. For codecs that are not
 * inspected the answer is approximated by the batch (first eligible offset, max timestamp).
 */
export async function findRecord(
  batch: Buffer,
  h: BatchHeader,
  minOffset: number,
  match: (timestamp: number) => boolean,
  fallbackOffset: number,
): Promise<RecordMeta | null> {
  if (isLogAppendTime(h.attributes))
    return { offsetDelta: Math.max(0, minOffset - h.baseOffset), timestamp: h.maxTimestamp };
  const section = await recordsSection(batch, h).catch(() => null);
  if (section === null) {
    return { offsetDelta: Math.max(0, fallbackOffset - h.baseOffset), timestamp: h.maxTimestamp };
  }
  let found: RecordMeta | null = null;
  walkRecords(section, 0, section.length, h.recordCount, h.baseTimestamp, (r) => {
    if (h.baseOffset + r.offsetDelta >= minOffset && match(r.timestamp)) {
      found = r;
      return true;
    }
    return false;
  });
  return found;
}
