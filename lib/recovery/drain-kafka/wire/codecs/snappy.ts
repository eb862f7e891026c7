/**
 * snappy (Kafka codec 2) batch sections, in both framings Kafka producers write: the xerial "snappy-java"
 * framing of the Java producer — magic `\x82SNAPPY\x00`, int32 version, int32 compatible version, then
 * blocks of (int32 big-endian length, raw snappy block), where a repeated header (concatenated streams) is
 * skipped like snappy-java does — and, without the magic, the whole section as one raw snappy block, which is
 * what librdkafka writes. Raw block format: varint uncompressed length, then literal and copy elements
 * (github.com/google/snappy format_description.txt). Bounds-checked: malformed input throws Corrupt, an
 * output over the limit TooLarge, before it is allocated.
 */
import { Corrupt, copyMatch, Output, TooLarge } from './output';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;

function isXerialHeader(data: Buffer, at: number): boolean {
  return data.length - at >= XERIAL_MAGIC.length && data.compare(XERIAL_MAGIC, 0, 8, at, at + 8) === 0;
}

export function snappy(data: Buffer, limit: number): Buffer {
  if (!isXerialHeader(data, 0)) {
    const out = new Output(0, limit);
    snappyBlock(data, 0, data.length, out);
    return out.result();
  }
  const out = new Output(data.length * 2, limit);
  let at = 0;
  while (at < data.length) {
    if (isXerialHeader(data, at)) {
      // The stream header, or that of a concatenated stream (snappy-java reads past it too).
      if (data.length - at < XERIAL_HEADER_SIZE)
        throw new Corrupt(`the snappy-java header at byte ${at} is cut short`);
      const compatible = data.readInt32BE(at + 12);
      if (compatible > 1) {
        throw new Corrupt(
          `the snappy-java stream at byte ${at} needs format version ${compatible} (1 is known)`,
        );
      }
      at += XERIAL_HEADER_SIZE;
      continue;
    }
    if (data.length - at < 4) throw new Corrupt(`a snappy-java block length at byte ${at} is cut short`);
    const size = data.readInt32BE(at);
    if (size < 0 || size > data.length - at - 4) {
      throw new Corrupt(`the snappy-java block at byte ${at} has length ${size}, past the end of the batch`);
    }
    at += 4;
    snappyBlock(data, at, at + size, out);
    at += size;
  }
  return out.result();
}

/** Decodes one raw snappy block in data[start, end) onto `out`. */
function snappyBlock(data: Buffer, start: number, end: number, out: Output): void {
  let at = start;
  // Preamble: the uncompressed length, a little-endian base-128 varint of at most 32 bits.
  let expected = 0;
  for (let shift = 0; ; shift += 7) {
    if (at >= end) throw new Corrupt(`the snappy block at byte ${start} has no complete length`);
    if (shift > 28) throw new Corrupt(`the snappy block at byte ${start} has a length over 32 bits`);
    const b = data[at++] as number;
    expected += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  if (expected > out.limit - out.len) throw new TooLarge();
  // No element yields more than 64 bytes from 3 (a 2-byte-offset copy): a longer claim is refused before
  // anything is allocated for it.
  if (expected > (end - at) * 22) {
    throw new Corrupt(`the snappy block at byte ${start} claims ${expected} bytes from ${end - at}`);
  }
  out.reserve(expected);
  const blockEnd = out.len + expected;
  while (at < end) {
    const tagAt = at;
    const tag = data[at++] as number;
    const kind = tag & 3;
    if (kind === 0) {
      // Literal: length-1 in the tag's upper 6 bits, or in the next 1-4 bytes (little-endian) for 60-63.
      let length = tag >>> 2;
      if (length >= 60) {
        const n = length - 59;
        if (end - at < n) throw new Corrupt(`the snappy literal at byte ${tagAt} is cut short`);
        length = data.readUIntLE(at, n);
        at += n;
      }
      length += 1;
      if (length > end - at) throw new Corrupt(`the snappy literal at byte ${tagAt} runs past the block`);
      if (length > blockEnd - out.len) {
        throw new Corrupt(`the snappy literal at byte ${tagAt} runs past the block's length ${expected}`);
      }
      data.copy(out.buf, out.len, at, at + length);
      out.len += length;
      at += length;
      continue;
    }
    let length: number;
    let distance: number;
    if (kind === 1) {
      if (end - at < 1) throw new Corrupt(`the snappy copy at byte ${tagAt} is cut short`);
      length = ((tag >>> 2) & 7) + 4;
      distance = ((tag >>> 5) << 8) | (data[at++] as number);
    } else if (kind === 2) {
      if (end - at < 2) throw new Corrupt(`the snappy copy at byte ${tagAt} is cut short`);
      length = (tag >>> 2) + 1;
      distance = data.readUInt16LE(at);
      at += 2;
    } else {
      if (end - at < 4) throw new Corrupt(`the snappy copy at byte ${tagAt} is cut short`);
      length = (tag >>> 2) + 1;
      distance = data.readUInt32LE(at);
      at += 4;
    }
    const produced = out.len - (blockEnd - expected);
    if (distance === 0 || distance > produced) {
      throw new Corrupt(
        `the snappy copy at byte ${tagAt} reaches ${distance} bytes back, before the block's start`,
      );
    }
    if (length > blockEnd - out.len) {
      throw new Corrupt(`the snappy copy at byte ${tagAt} runs past the block's length ${expected}`);
    }
    copyMatch(out, distance, length);
  }
  if (out.len !== blockEnd) {
    throw new Corrupt(
      `the snappy block at byte ${start} decodes to ${expected - (blockEnd - out.len)} bytes, not ${expected}`,
    );
  }
}
