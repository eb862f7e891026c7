/**
 * RecordBatch v2 header access. The log is the only place in the broker that looks inside a batch; everywhere
 * else a batch is an opaque Buffer. Layout (public Kafka "Message Format" reference):
 *
 *   baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
 *   attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64 |
 *   producerId int64 | producerEpoch int16 | baseSequence int32 | recordsCount int32 | records...
 *
 * The CRC-32C covers attributes..end, so baseOffset and partitionLeaderEpoch can be rewritten in place.
 */
import { crc32c } from '@node-rs/crc32';

export const LOG_OVERHEAD = 12;
export const BATCH_HEADER_SIZE = 61;

export const OFF_BASE_OFFSET = 0;
export const OFF_BATCH_LENGTH = 8;
export const OFF_LEADER_EPOCH = 12;
export const OFF_MAGIC = 16;
export const OFF_CRC = 17;
export const OFF_ATTRIBUTES = 21;
export const OFF_LAST_OFFSET_DELTA = 23;
export const OFF_BASE_TIMESTAMP = 27;
export const OFF_MAX_TIMESTAMP = 35;
export const OFF_PRODUCER_ID = 43;
export const OFF_PRODUCER_EPOCH = 51;
export const OFF_BASE_SEQUENCE = 53;
export const OFF_RECORD_COUNT = 57;

export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_BIT = 0x08;
export const TRANSACTIONAL_BIT = 0x10;
export const CONTROL_BIT = 0x20;
export const DELETE_HORIZON_BIT = 0x40;

export const Compression = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

const TWO_32 = 4294967296;
const INT32_MAX = 0x7fffffff;

/** Reads a signed int64 as a JS number (exact within the safe-integer range). */
export function readInt64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4);
}

export function writeInt64(buf: Buffer, at: number, value: number): void {
  const hi = Math.floor(value / TWO_32);
  buf.writeInt32BE(hi, at);
  buf.writeUInt32BE(value - hi * TWO_32, at + 4);
}

export interface BatchHeader {
  baseOffset: number;
  /** Total bytes of the batch on disk (batchLength + 12). */
  size: number;
  leaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

/** Parses the fixed 61-byte header at `at`. The caller guarantees 61 bytes are available. */
export function readBatchHeader(buf: Buffer, at = 0): BatchHeader {
  return {
    baseOffset: readInt64(buf, at + OFF_BASE_OFFSET),
    size: buf.readInt32BE(at + OFF_BATCH_LENGTH) + LOG_OVERHEAD,
    leaderEpoch: buf.readInt32BE(at + OFF_LEADER_EPOCH),
    magic: buf.readInt8(at + OFF_MAGIC),
    crc: buf.readUInt32BE(at + OFF_CRC),
    attributes: buf.readUInt16BE(at + OFF_ATTRIBUTES),
    lastOffsetDelta: buf.readInt32BE(at + OFF_LAST_OFFSET_DELTA),
    baseTimestamp: readInt64(buf, at + OFF_BASE_TIMESTAMP),
    maxTimestamp: readInt64(buf, at + OFF_MAX_TIMESTAMP),
    producerId: readInt64(buf, at + OFF_PRODUCER_ID),
    producerEpoch: buf.readInt16BE(at + OFF_PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(at + OFF_BASE_SEQUENCE),
    recordCount: buf.readInt32BE(at + OFF_RECORD_COUNT),
  };
}

export function lastOffsetOf(h: BatchHeader): number {
  return h.baseOffset + h.lastOffsetDelta;
}

export function compressionOf(attributes: number): number {
  return attributes & COMPRESSION_MASK;
}

export function isLogAppendTime(attributes: number): boolean {
  return (attributes & TIMESTAMP_TYPE_BIT) !== 0;
}

/** CRC-32C of attributes..end of the batch at `at` with total size `size`. */
export function computeBatchCrc(buf: Buffer, at: number, size: number): number {
  return crc32c(buf.subarray(at + OFF_ATTRIBUTES, at + size)) >>> 0;
}

export function crcMatches(buf: Buffer, at: number, size: number): boolean {
  return computeBatchCrc(buf, at, size) === buf.readUInt32BE(at + OFF_CRC);
}

/** Rewrites the fields not covered by the CRC: base offset and partition leader epoch. */
export function assignBaseOffset(batch: Buffer, baseOffset: number, leaderEpoch: number): void {
  writeInt64(batch, OFF_BASE_OFFSET, baseOffset);
  batch.writeInt32BE(leaderEpoch, OFF_LEADER_EPOCH);
}

/** Sets the timestamp type and max timestamp (both CRC-covered) and recomputes the CRC. */
export function setMaxTimestamp(batch: Buffer, logAppendTime: boolean, maxTimestamp: number): void {
  const attrs = batch.readUInt16BE(OFF_ATTRIBUTES);
  const next = logAppendTime ? attrs | TIMESTAMP_TYPE_BIT : attrs & ~TIMESTAMP_TYPE_BIT;
  batch.writeUInt16BE(next, OFF_ATTRIBUTES);
  writeInt64(batch, OFF_MAX_TIMESTAMP, maxTimestamp);
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), OFF_CRC);
}

/** The last sequence number of a batch, wrapping at Int32 max like the Java client. */
export function lastSequenceOf(baseSequence: number, lastOffsetDelta: number): number {
  if (baseSequence > INT32_MAX - lastOffsetDelta) return lastOffsetDelta - (INT32_MAX - baseSequence) - 1;
  return baseSequence + lastOffsetDelta;
}

/** True when `next` directly follows `last` in the idempotent-producer sequence space. */
export function inSequence(last: number, next: number): boolean {
  return next === last + 1 || (next === 0 && last === INT32_MAX);
}
