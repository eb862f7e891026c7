/**
 * lz4 (Kafka codec 3) batch sections: LZ4 frames (magic 0x184D2204, lz4 Frame_format.md), as Kafka's clients
 * write them. FLG/BD descriptor with its xxHash32 header checksum, optional content size, blocks stored
 * compressed or raw (high bit of the block size), independent or linked, optional block and content
 * checksums (xxHash32, all verified); skippable frames and concatenated frames are read like liblz4's
 * LZ4F_decompress does. Bounds-checked: malformed input throws Corrupt, an output over the limit TooLarge.
 */
import { Corrupt, copyMatch, eachFrame, Output, TooLarge } from './output';
import { xxh32 } from './xxhash32';

const LZ4_MAGIC = 0x184d2204;
const LZ4_BLOCK_MAX = [0, 0, 0, 0, 64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024];

export function lz4(data: Buffer, limit: number): Buffer {
  const out = new Output(data.length * 3, limit);
  eachFrame(data, 'lz4', LZ4_MAGIC, (at) => lz4Frame(data, at, out));
  return out.result();
}

/** Decodes the lz4 frame at `start` (its magic checked) onto `out`; returns the byte after it. */
function lz4Frame(data: Buffer, start: number, out: Output): number {
  let at = start + 4;
  if (data.length - at < 3) throw new Corrupt(`the lz4 frame header at byte ${start} is cut short`);
  const flg = data[at] as number;
  const bd = data[at + 1] as number;
  if (flg >>> 6 !== 1) throw new Corrupt(`the lz4 frame at byte ${start} has version ${flg >>> 6}, not 1`);
  if ((flg & 0x02) !== 0 || (bd & 0x8f) !== 0) {
    throw new Corrupt(`the lz4 frame at byte ${start} sets reserved descriptor bits`);
  }
  const independent = (flg & 0x20) !== 0;
  const blockChecksums = (flg & 0x10) !== 0;
  const hasContentSize = (flg & 0x08) !== 0;
  const contentChecksum = (flg & 0x04) !== 0;
  const hasDictId = (flg & 0x01) !== 0;
  const blockMax = LZ4_BLOCK_MAX[bd >>> 4] as number;
  if (blockMax === 0) throw new Corrupt(`the lz4 frame at byte ${start} has block size code ${bd >>> 4}`);
  const descriptorEnd = at + 2 + (hasContentSize ? 8 : 0) + (hasDictId ? 4 : 0);
  if (data.length - descriptorEnd < 1)
    throw new Corrupt(`the lz4 frame header at byte ${start} is cut short`);
  const headerChecksum = (xxh32(data, at, descriptorEnd) >>> 8) & 0xff;
  if (headerChecksum !== data[descriptorEnd]) {
    throw new Corrupt(`the lz4 frame header at byte ${start} fails its checksum`);
  }
  let contentSize = -1;
  if (hasContentSize) {
    const size = data.readBigUInt64LE(at + 2);
    if (size > BigInt(out.limit - out.len)) throw new TooLarge();
    contentSize = Number(size);
  }
  if (hasDictId) throw new Corrupt(`the lz4 frame at byte ${start} needs a dictionary`);
  at = descriptorEnd + 1;
  const frameStart = out.len;
  if (contentSize >= 0) out.reserve(contentSize);
  for (;;) {
    if (data.length - at < 4) throw new Corrupt(`the lz4 block at byte ${at} is cut short`);
    const word = data.readUInt32LE(at);
    if (word === 0) {
      at += 4;
      break; // EndMark
    }
    const blockAt = at;
    const stored = word >>> 31 === 1;
    const size = word & 0x7fffffff;
    if (size > blockMax) {
      throw new Corrupt(`the lz4 block at byte ${blockAt} has ${size} bytes, over the frame's ${blockMax}`);
    }
    at += 4;
    if (data.length - at < size + (blockChecksums ? 4 : 0)) {
      throw new Corrupt(`the lz4 block at byte ${blockAt} runs past the batch`);
    }
    if (blockChecksums && xxh32(data, at, at + size) !== data.readUInt32LE(at + size)) {
      throw new Corrupt(`the lz4 block at byte ${blockAt} fails its checksum`);
    }
    if (stored) {
      out.reserve(size);
      data.copy(out.buf, out.len, at, at + size);
      out.len += size;
    } else {
      // Linked blocks may refer into the frame's earlier output (a uint16 distance: at most 64 KiB back);
      // independent ones only into their own.
      const windowStart = independent ? out.len : frameStart;
      lz4Block(data, at, at + size, out, windowStart, blockMax);
    }
    at += size + (blockChecksums ? 4 : 0);
  }
  if (contentSize >= 0 && out.len - frameStart !== contentSize) {
    throw new Corrupt(
      `the lz4 frame at byte ${start} decodes to ${out.len - frameStart} bytes, not its content size ${contentSize}`,
    );
  }
  if (contentChecksum) {
    if (data.length - at < 4) throw new Corrupt(`the lz4 content checksum at byte ${at} is cut short`);
    if (xxh32(out.buf, frameStart, out.len) !== data.readUInt32LE(at)) {
      throw new Corrupt(`the lz4 frame at byte ${start} fails its content checksum`);
    }
    at += 4;
  }
  return at;
}

/**
 * Decodes the lz4 block data[start, end) onto `out`; matches may reach back to `windowStart`, and the block
 * may produce at most `blockMax` bytes. Sequence: token (literal length << 4 | match length - 4), extra
 * literal length bytes while 255, literals, then (unless the block ends) a little-endian uint16 distance and
 * extra match length bytes.
 */
function lz4Block(
  data: Buffer,
  start: number,
  end: number,
  out: Output,
  windowStart: number,
  blockMax: number,
): void {
  const blockEnd = out.len + blockMax;
  let at = start;
  for (;;) {
    if (at >= end) throw new Corrupt(`the lz4 block ending at byte ${end} is cut short`);
    const tokenAt = at;
    const token = data[at++] as number;
    let literals = token >>> 4;
    if (literals === 15) {
      for (;;) {
        if (at >= end) throw new Corrupt(`the lz4 literal length at byte ${tokenAt} is cut short`);
        const b = data[at++] as number;
        literals += b;
        if (b !== 255) break;
      }
    }
    if (literals > end - at) throw new Corrupt(`the lz4 literals at byte ${tokenAt} run past the block`);
    if (literals > blockEnd - out.len) {
      throw new Corrupt(`the lz4 block at byte ${start} decodes to more than its ${blockMax} bytes`);
    }
    out.reserve(literals);
    data.copy(out.buf, out.len, at, at + literals);
    out.len += literals;
    at += literals;
    if (at === end) return; // the last sequence has literals only
    if (end - at < 2) throw new Corrupt(`the lz4 match offset at byte ${at} is cut short`);
    const distance = data.readUInt16LE(at);
    at += 2;
    if (distance === 0 || distance > out.len - windowStart) {
      throw new Corrupt(`the lz4 match at byte ${tokenAt} reaches ${distance} bytes back, before its window`);
    }
    let length = (token & 15) + 4;
    if (length === 19) {
      for (;;) {
        if (at >= end) throw new Corrupt(`the lz4 match length at byte ${tokenAt} is cut short`);
        const b = data[at++] as number;
        length += b;
        if (b !== 255) break;
      }
    }
    if (length > blockEnd - out.len) {
      throw new Corrupt(`the lz4 block at byte ${start} decodes to more than its ${blockMax} bytes`);
    }
    out.reserve(length);
    copyMatch(out, distance, length);
  }
}
