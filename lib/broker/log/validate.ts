/**
 * Produce-path validation: every batch of a produce `records` buffer is checked (header, lengths, CRC-32C,
 * attributes, counts, sizes, timestamps) before anything is written, so an invalid batch never reaches disk.
 */
import { type ErrorContext, InvalidRecordBatchError, KafkaProtocolError } from '../errors';
import {
  BATCH_HEADER_SIZE,
  type BatchHeader,
  CONTROL_BIT,
  Compression,
  compressionOf,
  crcMatches,
  DELETE_HORIZON_BIT,
  LOG_OVERHEAD,
  OFF_BATCH_LENGTH,
  OFF_MAGIC,
  readBatchHeader,
  TIMESTAMP_TYPE_BIT,
  TRANSACTIONAL_BIT,
} from './batch';
import { walkRecords } from './records';

const NO_TIMESTAMP = -1;
/** Attribute bits a client may set: compression (0-2) and timestamp type (3). */
const UNSUPPORTED_ATTRIBUTE_BITS = ~0x0f & 0xffff;

export interface ValidationLimits {
  maxMessageBytes: number;
  segmentBytes: number;
  /** Record timestamps older than now - beforeMs or newer than now + afterMs are rejected (CreateTime). */
  timestampBeforeMaxMs: number;
  timestampAfterMaxMs: number;
  logAppendTime: boolean;
  now: number;
}

export interface ValidatedBatch {
  /** The batch bytes: a view into the produce buffer, rewritten in place when offsets are assigned. */
  buf: Buffer;
  header: BatchHeader;
  /** The max record timestamp (recomputed for uncompressed batches). */
  maxTimestamp: number;
}

function corrupt(message: string, ctx: ErrorContext): never {
  throw new InvalidRecordBatchError('CORRUPT_MESSAGE', message, ctx);
}

function invalid(message: string, ctx: ErrorContext): never {
  throw new InvalidRecordBatchError('INVALID_RECORD', message, ctx);
}

function checkTimestamp(ts: number, limits: ValidationLimits, ctx: ErrorContext): void {
  if (limits.logAppendTime || ts === NO_TIMESTAMP) return;
  if (ts < limits.now - limits.timestampBeforeMaxMs || ts > limits.now + limits.timestampAfterMaxMs) {
    throw new KafkaProtocolError('INVALID_TIMESTAMP', `timestamp ${ts} is out of the accepted range`, ctx);
  }
}

function checkHeader(h: BatchHeader, limits: ValidationLimits, ctx: ErrorContext): void {
  if ((h.attributes & TRANSACTIONAL_BIT) !== 0) {
    throw new KafkaProtocolError('INVALID_TXN_STATE', 'transactional record batches are not supported', ctx);
  }
  if ((h.attributes & CONTROL_BIT) !== 0) invalid('clients may not produce control batches', ctx);
  if ((h.attributes & DELETE_HORIZON_BIT) !== 0) invalid('the delete-horizon attribute is reserved', ctx);
  if ((h.attributes & UNSUPPORTED_ATTRIBUTE_BITS) !== 0)
    invalid(`unknown attribute bits 0x${h.attributes.toString(16)}`, ctx);
  if ((h.attributes & TIMESTAMP_TYPE_BIT) !== 0) invalid('produced batches must use CreateTime', ctx);
  if (compressionOf(h.attributes) > Compression.zstd)
    corrupt(`unknown compression codec ${compressionOf(h.attributes)}`, ctx);
  if (h.recordCount <= 0) invalid('a batch must contain at least one record', ctx);
  if (h.lastOffsetDelta !== h.recordCount - 1) {
    invalid(`lastOffsetDelta ${h.lastOffsetDelta} does not match record count ${h.recordCount}`, ctx);
  }
  if (h.producerId >= 0 && (h.producerEpoch < 0 || h.baseSequence < 0)) {
    invalid('an idempotent batch needs a producer epoch and a base sequence', ctx);
  }
  if (h.producerId < -1) invalid(`invalid producer id ${h.producerId}`, ctx);
  if (h.size > limits.maxMessageBytes) {
    throw new KafkaProtocolError(
      'MESSAGE_TOO_LARGE',
      `batch of ${h.size} bytes exceeds max.message.bytes`,
      ctx,
    );
  }
  if (h.size > limits.segmentBytes) {
    throw new KafkaProtocolError(
      'RECORD_LIST_TOO_LARGE',
      `batch of ${h.size} bytes exceeds segment.bytes`,
      ctx,
    );
  }
}

/** Validates one batch at `at` and returns it; throws a typed error for anything malformed. */
function validateOne(
  records: Buffer,
  at: number,
  limits: ValidationLimits,
  ctx: ErrorContext,
): ValidatedBatch {
  const remaining = records.length - at;
  if (remaining < LOG_OVERHEAD + 5) corrupt(`truncated batch header (${remaining} bytes)`, ctx);
  const magic = records.readInt8(at + OFF_MAGIC);
  if (magic === 0 || magic === 1) {
    throw new InvalidRecordBatchError(
      'UNSUPPORTED_FOR_MESSAGE_FORMAT',
      `message format v${magic} is not supported`,
      ctx,
    );
  }
  if (magic !== 2) corrupt(`unknown magic byte ${magic}`, ctx);
  const size = records.readInt32BE(at + OFF_BATCH_LENGTH) + LOG_OVERHEAD;
  if (size < BATCH_HEADER_SIZE) corrupt(`batch length ${size - LOG_OVERHEAD} is below the header size`, ctx);
  if (size > remaining) corrupt(`batch of ${size} bytes is truncated to ${remaining}`, ctx);
  if (!crcMatches(records, at, size)) corrupt('CRC-32C mismatch', ctx);
  const buf = records.subarray(at, at + size);
  const header = readBatchHeader(buf, 0);
  checkHeader(header, limits, ctx);
  let maxTimestamp = header.maxTimestamp;
  if (compressionOf(header.attributes) === Compression.none) {
    maxTimestamp = NO_TIMESTAMP;
    const error = walkRecords(buf, BATCH_HEADER_SIZE, size, header.recordCount, header.baseTimestamp, (r) => {
      checkTimestamp(r.timestamp, limits, ctx);
      if (r.timestamp > maxTimestamp) maxTimestamp = r.timestamp;
      return false;
    });
    if (error !== null) corrupt(error, ctx);
  } else {
    checkTimestamp(header.baseTimestamp, limits, ctx);
    checkTimestamp(header.maxTimestamp, limits, ctx);
  }
  return { buf, header, maxTimestamp };
}

/** Splits and validates every batch of a produce `records` buffer; all or nothing. */
export function validateProduceRecords(
  records: Buffer,
  limits: ValidationLimits,
  ctx: ErrorContext,
): ValidatedBatch[] {
  if (records.length === 0) invalid('the produce request carries no record batch', ctx);
  const batches: ValidatedBatch[] = [];
  let at = 0;
  while (at < records.length) {
    const batch = validateOne(records, at, limits, ctx);
    batches.push(batch);
    at += batch.buf.length;
  }
  return batches;
}
