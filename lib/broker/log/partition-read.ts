/**
 * Reads over the segments of a partition: Fetch (whole batches from the offset index position) and
 * ListOffsets by timestamp / max timestamp (time index, then a walk of batch headers, then the records of
 * the one batch when it is uncompressed or gzip).
 */
import { type BatchHeader, lastOffsetOf } from './batch';
import { findRecord } from './records';
import { BatchCursor } from './scan';
import type { Segment } from './segment';
import type { TimestampOffset } from './types';

export const EMPTY: Buffer = Buffer.alloc(0);

/** What the readers need to know about a partition at the time of the call. */
export interface SegmentView {
  readonly segments: readonly Segment[];
  readonly logStartOffset: number;
  readonly indexIntervalBytes: number;
  /** End of the bytes below the high watermark in `seg` (0 when none). */
  readableEnd(seg: Segment): number;
}

/** Index of the segment holding `offset` (the last one whose base offset is <= offset), or 0. */
export function segmentIndexFor(segments: readonly Segment[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((segments[mid] as Segment).baseOffset <= offset) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

async function collect(
  seg: Segment,
  fd: number,
  end: number,
  fetchOffset: number,
  maxBytes: number,
  minOne: boolean,
  interval: number,
): Promise<Buffer> {
  const start = seg.offsetIndex.floor(fetchOffset)?.position ?? 0;
  if (start >= end) return EMPTY;
  const chunk = Math.min(end - start, Math.max(64 * 1024, maxBytes + interval + 4096));
  const cursor = new BatchCursor(fd, start, end, chunk);
  let from = -1;
  let to = -1;
  for (let b = await cursor.next(); b !== null; b = await cursor.next()) {
    const batchEnd = b.position + b.header.size;
    if (from < 0) {
      if (lastOffsetOf(b.header) < fetchOffset) continue;
      if (b.header.size > maxBytes && !minOne) return EMPTY;
      from = b.position;
      to = batchEnd;
      if (b.header.size >= maxBytes) break;
      continue;
    }
    if (batchEnd - from > maxBytes) break;
    to = batchEnd;
  }
  if (from < 0) return EMPTY;
  return cursor.bytes(from, to);
}

/** Whole batches from the one containing `fetchOffset`, from disk, within one segment. */
export async function readSegments(
  view: SegmentView,
  fetchOffset: number,
  maxBytes: number,
  minOne: boolean,
): Promise<Buffer> {
  const segments = view.segments;
  for (let i = segmentIndexFor(segments, fetchOffset); i < segments.length; i++) {
    const seg = segments[i] as Segment;
    const end = view.readableEnd(seg);
    if (end === 0) return EMPTY;
    if (seg.nextOffset <= fetchOffset) continue;
    const out = await seg.use((fd) =>
      collect(seg, fd, end, fetchOffset, maxBytes, minOne, view.indexIntervalBytes),
    );
    if (out.length > 0) return out;
  }
  return EMPTY;
}

type Found = { h: BatchHeader; body: Buffer; position: number };

/** Walks the batches of `seg` from `start`, returning the first one accepted by `accept` with its bytes. */
async function firstBatch(
  seg: Segment,
  start: number,
  end: number,
  accept: (h: BatchHeader) => boolean,
): Promise<Found | null> {
  return seg.use(async (fd) => {
    const cursor = new BatchCursor(fd, start, end, 64 * 1024);
    for (let b = await cursor.next(); b !== null; b = await cursor.next()) {
      if (!accept(b.header)) continue;
      return {
        h: b.header,
        body: await cursor.bytes(b.position, b.position + b.header.size),
        position: b.position,
      };
    }
    return null;
  });
}

/** ListOffsets by timestamp: the first offset >= log start whose record timestamp is >= `target`. */
export async function findOffsetForTimestamp(
  view: SegmentView,
  target: number,
): Promise<TimestampOffset | null> {
  const logStart = view.logStartOffset;
  for (const seg of view.segments) {
    if (seg.nextOffset <= logStart || seg.maxTimestamp < target) continue;
    const end = view.readableEnd(seg);
    if (end === 0) return null;
    const byTime = seg.timeIndex.lastBefore(target)?.position ?? 0;
    const byStart = seg.offsetIndex.floor(logStart)?.position ?? 0;
    let start = Math.max(byTime, byStart);
    for (;;) {
      const found = await firstBatch(
        seg,
        start,
        end,
        (h) => lastOffsetOf(h) >= logStart && h.maxTimestamp >= target,
      );
      if (found === null) break;
      const { h, body } = found;
      const first = Math.max(h.baseOffset, logStart);
      const rec = await findRecord(body, h, logStart, (ts) => ts >= target, first);
      if (rec !== null) return { offset: h.baseOffset + rec.offsetDelta, timestamp: rec.timestamp };
      start = found.position + h.size;
    }
  }
  return null;
}

/** ListOffsets -3: the record with the largest timestamp (the earliest such batch on ties). */
export async function findMaxTimestamp(view: SegmentView): Promise<TimestampOffset | null> {
  let best: Segment | null = null;
  for (const seg of view.segments) {
    if (seg.nextOffset <= view.logStartOffset || seg.maxTimestamp < 0) continue;
    if (best === null || seg.maxTimestamp > best.maxTimestamp) best = seg;
  }
  if (best === null) return null;
  const seg = best;
  const end = view.readableEnd(seg);
  if (seg.maxTimestampPosition >= end) return null;
  const found = await firstBatch(seg, seg.maxTimestampPosition, end, () => true);
  if (found === null) return null;
  const { h, body } = found;
  const max = h.maxTimestamp;
  const rec = await findRecord(body, h, view.logStartOffset, (ts) => ts === max, lastOffsetOf(h));
  return rec === null ? null : { offset: h.baseOffset + rec.offsetDelta, timestamp: rec.timestamp };
}
