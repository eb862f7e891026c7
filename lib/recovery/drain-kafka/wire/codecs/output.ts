/**
 * What the batch decoders (snappy.ts, lz4.ts, zstd.ts, gzip.ts) share: the per-batch output cap, the two
 * errors they throw (decompress.ts turns them into messages naming the codec and the batch), the bounded
 * output buffer, the overlapping match copy of the LZ77 codecs, and the frame walk (with skippable frames)
 * lz4 and zstd have in common.
 */

/** The most one batch may decompress to. Kafka's own limits (message.max.bytes) are far below it. */
export const MAX_BATCH_RECORDS_BYTES = 64 * 1024 * 1024;

/** Malformed compressed bytes; the message says what and where (byte position in the section). */
export class Corrupt extends Error {}
/** The output would exceed the limit. */
export class TooLarge extends Error {}

/** Skippable frames (lz4 and zstd): magic 0x184D2A50-0x184D2A5F, then a little-endian int32 length. */
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;

/**
 * Walks the concatenated frames of an lz4 or zstd section: skippable frames are stepped over, every other
 * frame must start with `magic` and is handed to `frame`, which decodes it and returns the byte after it.
 */
export function eachFrame(data: Buffer, codec: string, magic: number, frame: (at: number) => number): void {
  let at = 0;
  do {
    if (data.length - at < 4) throw new Corrupt(`the ${codec} frame at byte ${at} is cut short`);
    const found = data.readUInt32LE(at);
    if ((found & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      if (data.length - at < 8) throw new Corrupt(`the skippable ${codec} frame at byte ${at} is cut short`);
      const size = data.readUInt32LE(at + 4);
      if (size > data.length - at - 8)
        throw new Corrupt(`the skippable ${codec} frame at byte ${at} runs past the batch`);
      at += 8 + size;
      continue;
    }
    if (found !== magic) {
      throw new Corrupt(
        `byte ${at} starts no ${codec} frame (magic 0x${found.toString(16).padStart(8, '0')})`,
      );
    }
    at = frame(at);
  } while (at < data.length);
}

/** A growing output buffer that never grows past `limit`. */
export class Output {
  buf: Buffer;
  len = 0;
  constructor(
    initial: number,
    readonly limit: number,
  ) {
    this.buf = Buffer.allocUnsafeSlow(Math.min(Math.max(initial, 256), limit));
  }
  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.len + n;
    if (need > this.limit) throw new TooLarge();
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.min(Math.max(need, this.buf.length * 2), this.limit));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  result(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

/**
 * Appends a match: `length` bytes copied from `distance` bytes back; an overlapping copy repeats the last
 * `distance` bytes. The caller reserved the room and checked the distance.
 */
export function copyMatch(out: Output, distance: number, length: number): void {
  const b = out.buf;
  let to = out.len;
  const from = to - distance;
  out.len += length;
  if (length <= 16) {
    for (let i = 0; i < length; i++) b[to + i] = b[from + i] as number;
    return;
  }
  // [from, to) is a whole number of periods, so it can be copied as one piece; it doubles every round.
  for (let left = length; left > 0; ) {
    const n = Math.min(to - from, left);
    b.copyWithin(to, from, from + n);
    to += n;
    left -= n;
  }
}
