/**
 * zstd (Kafka codec 4) batch sections: zstd frames (RFC 8878), decoded by fzstd (pure JS). Frame and block
 * headers are walked here first, so every frame's window, dictionary and size fields are checked before
 * fzstd allocates anything, and its output is counted as it streams out; malformed input throws Corrupt, an
 * output over the limit TooLarge. The frame's optional content checksum is not verified (fzstd does not
 * check it); the batch CRC-32C covers the section anyway.
 */
import { Decompress as ZstdStream } from 'fzstd';
import { Corrupt, eachFrame, MAX_BATCH_RECORDS_BYTES, Output, TooLarge } from './output';

const ZSTD_MAGIC = 0xfd2fb528;
/** Block_Maximum_Size: no block decodes to more. */
const ZSTD_BLOCK_MAX = 128 * 1024;

export function zstd(data: Buffer, limit: number): Buffer {
  const out = new Output(data.length * 4, limit);
  eachFrame(data, 'zstd', ZSTD_MAGIC, (at) => {
    const frame = zstdFrameExtent(data, at, out.limit - out.len);
    const frameStart = out.len;
    if (frame.contentSize >= 0) out.reserve(frame.contentSize);
    // fzstd hands over each decoded block; copying it out also keeps us independent of its buffers.
    const stream = new ZstdStream((chunk) => {
      out.reserve(chunk.length);
      out.buf.set(chunk, out.len);
      out.len += chunk.length;
    });
    try {
      stream.push(data.subarray(at, frame.end), true);
    } catch (err) {
      if (err instanceof TooLarge) throw err;
      throw new Corrupt(`the zstd frame at byte ${at} does not decode: ${(err as Error).message}`);
    }
    if (frame.contentSize >= 0 && out.len - frameStart !== frame.contentSize) {
      throw new Corrupt(
        `the zstd frame at byte ${at} decodes to ${out.len - frameStart} bytes, not its content size ${frame.contentSize}`,
      );
    }
    return frame.end;
  });
  return out.result();
}

/**
 * Checks the header of the zstd frame at `start` (magic checked) and walks its block headers to find where
 * it ends, without decoding: window and declared content size must fit in `room`, no dictionary, no
 * reserved bits, and the blocks' sizes must fit the input. Returns the frame's end and content size (-1 when
 * not declared).
 */
function zstdFrameExtent(data: Buffer, start: number, room: number): { end: number; contentSize: number } {
  let at = start + 4;
  if (data.length - at < 1) throw new Corrupt(`the zstd frame header at byte ${start} is cut short`);
  const descriptor = data[at++] as number;
  const fcsFlag = descriptor >>> 6;
  const singleSegment = (descriptor & 0x20) !== 0;
  const checksum = (descriptor & 0x04) !== 0;
  const dictIdBytes = [0, 1, 2, 4][descriptor & 3] as number;
  if ((descriptor & 0x08) !== 0) throw new Corrupt(`the zstd frame at byte ${start} sets a reserved bit`);
  const fcsBytes = fcsFlag === 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
  if (data.length - at < (singleSegment ? 0 : 1) + dictIdBytes + fcsBytes) {
    throw new Corrupt(`the zstd frame header at byte ${start} is cut short`);
  }
  let window = -1;
  if (!singleSegment) {
    const wd = data[at++] as number;
    const base = 2 ** (10 + (wd >>> 3));
    window = base + (base / 8) * (wd & 7);
  }
  const dictId = dictIdBytes === 0 ? 0 : data.readUIntLE(at, dictIdBytes);
  at += dictIdBytes;
  if (dictId !== 0) throw new Corrupt(`the zstd frame at byte ${start} needs dictionary ${dictId}`);
  let contentSize = -1;
  if (fcsBytes === 8) {
    const size = data.readBigUInt64LE(at);
    contentSize = size > BigInt(room) ? room + 1 : Number(size);
  } else if (fcsBytes > 0) {
    contentSize = data.readUIntLE(at, fcsBytes) + (fcsBytes === 2 ? 256 : 0);
  }
  at += fcsBytes;
  if (contentSize > room) throw new TooLarge();
  // fzstd allocates the window up front, before any output is counted.
  if (window > MAX_BATCH_RECORDS_BYTES) {
    throw new Corrupt(
      `the zstd frame at byte ${start} needs a ${window}-byte window, over the ${MAX_BATCH_RECORDS_BYTES}-byte limit`,
    );
  }
  for (;;) {
    if (data.length - at < 3) throw new Corrupt(`the zstd block header at byte ${at} is cut short`);
    const header = data.readUIntLE(at, 3);
    const last = (header & 1) === 1;
    const type = (header >>> 1) & 3;
    const size = header >>> 3;
    if (type === 3) throw new Corrupt(`the zstd block at byte ${at} has the reserved block type`);
    if (size > ZSTD_BLOCK_MAX)
      throw new Corrupt(`the zstd block at byte ${at} has size ${size}, over 128 KiB`);
    const stored = type === 1 ? 1 : size; // an RLE block stores one byte
    if (data.length - at - 3 < stored) throw new Corrupt(`the zstd block at byte ${at} runs past the batch`);
    at += 3 + stored;
    if (last) break;
  }
  if (checksum) {
    if (data.length - at < 4) throw new Corrupt(`the zstd frame checksum at byte ${at} is cut short`);
    at += 4;
  }
  return { end: at, contentSize };
}
