/**
 * The storage-independent part of an append: validate every batch, check idempotence, and (only when all
 * of it passed) assign offsets in place and stamp LogAppendTime. Shared by the file and memory logs.
 */
import { type ErrorContext, KafkaProtocolError } from '../errors';
import { assignBaseOffset, type BatchHeader, setMaxTimestamp } from './batch';
import type { BatchMeta, ProducerStateTable } from './producer-state';
import type { TopicSettings } from './types';
import { validateProduceRecords } from './validate';

export interface PlannedBatch {
  header: BatchHeader;
  /** The bytes to store: offsets assigned (a private copy when the input was a small view of a big buffer). */
  buf: Buffer;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
}

export type AppendPlan =
  | { kind: 'duplicate'; batch: BatchMeta }
  | { kind: 'append'; batches: PlannedBatch[]; logAppendTime: number };

/** Plans an append at `nextOffset`; throws a KafkaProtocolError and changes nothing when anything is invalid. */
export function planAppend(
  records: Buffer,
  s: TopicSettings,
  now: number,
  nextOffset: number,
  producers: ProducerStateTable,
  leaderEpoch: number,
  ctx: ErrorContext,
): AppendPlan {
  const validated = validateProduceRecords(
    records,
    {
      maxMessageBytes: s.maxMessageBytes,
      segmentBytes: s.segmentBytes,
      timestampBeforeMaxMs: s.timestampBeforeMaxMs,
      timestampAfterMaxMs: s.timestampAfterMaxMs,
      logAppendTime: s.logAppendTime,
      now,
    },
    ctx,
  );
  const logAppendTime = s.logAppendTime ? now : -1;
  const stage = producers.stage();
  let offset = nextOffset;
  for (const b of validated) {
    const check = stage.check(b.header, ctx);
    if (check.kind === 'duplicate') return { kind: 'duplicate', batch: check.batch };
    stage.record(b.header, offset, logAppendTime, now);
    offset += b.header.lastOffsetDelta + 1;
  }
  if (offset > Number.MAX_SAFE_INTEGER)
    throw new KafkaProtocolError('UNKNOWN_SERVER_ERROR', 'offset overflow', ctx);
  // Everything is valid: from here on nothing throws.
  offset = nextOffset;
  const batches = validated.map((b): PlannedBatch => {
    const baseOffset = offset;
    offset += b.header.lastOffsetDelta + 1;
    assignBaseOffset(b.buf, baseOffset, leaderEpoch);
    let maxTimestamp = b.maxTimestamp;
    if (s.logAppendTime) {
      maxTimestamp = now;
      setMaxTimestamp(b.buf, true, now);
    } else if (maxTimestamp !== b.header.maxTimestamp) setMaxTimestamp(b.buf, false, maxTimestamp);
    const buf = b.buf.length * 2 < b.buf.buffer.byteLength ? Buffer.from(b.buf) : b.buf;
    return { header: b.header, buf, baseOffset, lastOffset: offset - 1, maxTimestamp };
  });
  return { kind: 'append', batches, logAppendTime };
}
