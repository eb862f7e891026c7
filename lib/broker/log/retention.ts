/**
 * Which segments retention deletes (Kafka semantics, cleanup.policy=delete):
 * - retention.ms: from the oldest, segments whose largest timestamp (or last write time when no record
 *   carries one) is older than now - retention.ms; stops at the first younger segment;
 * - retention.bytes: then, from the oldest, whole segments while the rest still holds >= retention.bytes;
 * - segments wholly below the log start offset (after DeleteRecords).
 * The active segment only goes by time, and then the caller rolls first. Data above the high watermark is
 * never deleted.
 */
import type { Segment } from './segment';
import type { TopicSettings } from './types';

export interface RetentionPlan {
  /** Number of oldest segments to delete. */
  drop: number;
  /** Everything expired including the active segment: roll a new empty one first, then drop them all. */
  rollActive: boolean;
}

export function planRetention(
  segments: readonly Segment[],
  s: TopicSettings,
  now: number,
  highWatermark: number,
  logStart: number,
): RetentionPlan {
  const durable = (seg: Segment) => !seg.isEmpty && seg.nextOffset <= highWatermark;
  let k = 0;
  if (s.retentionMs >= 0) {
    while (k < segments.length) {
      const seg = segments[k] as Segment;
      const ts = seg.maxTimestamp >= 0 ? seg.maxTimestamp : seg.lastModified;
      if (!durable(seg) || now - ts <= s.retentionMs) break;
      k++;
    }
  }
  if (s.retentionBytes >= 0) {
    let excess = -s.retentionBytes;
    for (const seg of segments) excess += seg.size;
    for (let i = 0; i < k; i++) excess -= (segments[i] as Segment).size;
    while (
      k < segments.length - 1 &&
      durable(segments[k] as Segment) &&
      excess >= (segments[k] as Segment).size
    ) {
      excess -= (segments[k] as Segment).size;
      k++;
    }
  }
  while (k < segments.length - 1 && (segments[k] as Segment).nextOffset <= logStart) k++;
  if (k >= segments.length) return { drop: segments.length, rollActive: true };
  return { drop: k, rollActive: false };
}
