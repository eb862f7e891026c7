/**
 * xxHash32 (seed 0), the checksum of LZ4 frames (header, block and content checksums; lz4.ts). Plain 32-bit
 * integer arithmetic on a Buffer range, so a checksum over part of the output needs no copy.
 */

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function round(acc: number, lane: number): number {
  return Math.imul(rotl((acc + Math.imul(lane, P2)) | 0, 13), P1);
}

/** xxHash32 (seed 0) of data[start, end), as an unsigned number. */
export function xxh32(data: Buffer, start = 0, end = data.length): number {
  let at = start;
  let acc: number;
  if (end - start >= 16) {
    let v1 = (P1 + P2) | 0;
    let v2 = P2;
    let v3 = 0;
    let v4 = -P1 | 0;
    for (const limit = end - 16; at <= limit; at += 16) {
      v1 = round(v1, data.readInt32LE(at));
      v2 = round(v2, data.readInt32LE(at + 4));
      v3 = round(v3, data.readInt32LE(at + 8));
      v4 = round(v4, data.readInt32LE(at + 12));
    }
    acc = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    acc = P5;
  }
  acc = (acc + (end - start)) | 0;
  for (; end - at >= 4; at += 4) {
    acc = Math.imul(rotl((acc + Math.imul(data.readInt32LE(at), P3)) | 0, 17), P4);
  }
  for (; at < end; at++) {
    acc = Math.imul(rotl((acc + Math.imul(data[at] as number, P5)) | 0, 11), P1);
  }
  acc = Math.imul(acc ^ (acc >>> 15), P2);
  acc = Math.imul(acc ^ (acc >>> 13), P3);
  return (acc ^ (acc >>> 16)) >>> 0;
}
