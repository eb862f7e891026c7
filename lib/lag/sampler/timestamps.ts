// Exact time lag: the timestamp of the record at a group's consume position, fetched from the broker for
// a bounded number of positions per round and cached. A record's timestamp never changes, so a consumer
// that sits at the same offset (the case that matters: stopped, stalled, slow) costs one fetch; the
// positions of consumers that move every round are interpolated instead, unless the budget allows more.
import type { KafkaRecordPosition, KafkaRecordTimestamp } from '../../sources/types';

interface Entry {
  timestamp: number | null;
  fetchedAt: number;
  usedAt: number;
}

export interface PositionWant extends KafkaRecordPosition {
  /** Messages behind at this position; larger backlogs are fetched first. */
  lag: number;
}

const key = (topic: string, partition: number, offset: number) => `${topic}\u0000${partition}\u0000${offset}`;

export class RecordTimestampCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly retryMs: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached timestamp at a position (marks it used this round); undefined when not known. */
  get(topic: string, partition: number, offset: number, now: number): number | undefined {
    const e = this.entries.get(key(topic, partition, offset));
    if (!e) return undefined;
    e.usedAt = now;
    return e.timestamp ?? undefined;
  }

  /**
   * The positions to fetch this round: not cached (or a failed read older than retryMs), deduplicated,
   * the largest backlogs first, at most `budget`.
   */
  select(wants: readonly PositionWant[], budget: number, now: number): KafkaRecordPosition[] {
    if (budget <= 0) return [];
    const best = new Map<string, PositionWant>();
    for (const w of wants) {
      const k = key(w.topic, w.partition, w.offset);
      const e = this.entries.get(k);
      if (e && (e.timestamp !== null || now - e.fetchedAt < this.retryMs)) continue;
      const seen = best.get(k);
      if (!seen || seen.lag < w.lag) best.set(k, w);
    }
    return [...best.values()]
      .sort((a, b) => b.lag - a.lag)
      .slice(0, budget)
      .map(({ topic, partition, offset }) => ({ topic, partition, offset }));
  }

  /** Records fetched timestamps (null ones too, so they are not retried every round). */
  store(results: readonly KafkaRecordTimestamp[], now: number): void {
    for (const r of results) {
      this.entries.set(key(r.topic, r.partition, r.offset), {
        timestamp: r.timestamp,
        fetchedAt: now,
        usedAt: now,
      });
    }
  }

  /** Forgets positions nobody used this round (consumers moved on). */
  sweep(now: number): void {
    for (const [k, e] of this.entries) if (e.usedAt < now) this.entries.delete(k);
  }

  /** Forgets every position of a partition (its log was recreated). */
  forgetPartition(topic: string, partition: number): void {
    const prefix = `${topic}\u0000${partition}\u0000`;
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
