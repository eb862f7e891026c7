// Per-partition and per-(group, partition) memory of a Kafka cluster between rounds: HWM history, recent
// broker ends (Rule 3b), the commit window (status) and the committed-offset samples (out-rate).
import type { Rate } from '../rates';
import type { CommitSample, CounterSample, Status } from '../types';
import { commitLag, recordCommit } from '../window';
import { CounterHistory } from './counter-history';
import type { SamplerSettings } from './options';

/** Reads back what a previous process recorded, when an entity is first seen (see persist.ts). */
export interface KafkaRestore {
  /** (t, HWM) samples of a partition, oldest first. */
  partitionHistory(topic: string, partition: number): CounterSample[];
  /** Committed-offset change points of a group on a partition, oldest first. */
  groupPartitionCommits(
    group: string,
    topic: string,
    partition: number,
  ): Array<{ t: number; committed: number | null }>;
  /** The last recorded status of a group. */
  groupStatus(group: string): Status | null;
}

export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export class PartitionTrack {
  logStart: number | null = null;
  end: number | null = null;
  readonly hwm: CounterHistory;
  recentEnds: number[] = [];
  inRate: Rate | null = null;
  seenAt = 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
    settings: SamplerSettings,
    restored: readonly CounterSample[] = [],
  ) {
    this.hwm = new CounterHistory({
      maxSamples: settings.hwmMaxSamples,
      maxAgeMs: settings.hwmMaxAgeMs,
      denseMs: settings.rateWindowMs + 2 * settings.intervalMs,
    });
    for (const s of restored) this.hwm.push(s);
  }

  /** The HWM at or before `t`, from the history; null when unknown. */
  hwmAt(t: number): number | null {
    let found: number | null = null;
    for (const s of this.hwm.all()) {
      if (s.t > t) break;
      found = s.value;
    }
    return found;
  }

  observe(t: number, logStart: number | null, end: number | null, windowSize: number): boolean {
    const before = this.hwm.last();
    this.logStart = logStart;
    this.end = end;
    this.seenAt = t;
    if (end === null) return false;
    this.hwm.push({ t, value: end });
    this.recentEnds.push(end);
    if (this.recentEnds.length > windowSize) this.recentEnds.shift();
    // True when the log went backwards (recreated): cached record timestamps are stale.
    return before !== undefined && end < before.value;
  }
}

export class GroupPartitionTrack {
  commits: CommitSample[] = [];
  committedSamples: CounterSample[] = [];
  /** undefined until observed once. */
  lastCommitted: number | null | undefined = undefined;

  /** Rebuilds the window from recorded change points (the HWM of the partition gives each commit's lag). */
  restore(
    rows: ReadonlyArray<{ t: number; committed: number | null }>,
    partition: PartitionTrack,
    settings: SamplerSettings,
    now: number,
  ): void {
    let previous: number | null | undefined;
    for (const r of rows) {
      if (r.committed === null) {
        this.commits = [];
      } else if (r.committed !== previous) {
        const lag = commitLag(r.committed, partition.hwmAt(r.t));
        this.commits = recordCommit(this.commits, { t: r.t, offset: r.committed, lag }, settings.status);
      }
      if (r.committed !== null && r.t >= now - settings.rateWindowMs) {
        this.committedSamples.push({ t: r.t, value: r.committed });
      }
      previous = r.committed;
    }
    if (previous !== undefined) this.lastCommitted = previous;
  }

  /**
   * Records this round's committed offset. The commit window gets a slot only when the offset changed
   * (lib/lag README, "Feeding the window"), so a consumer that stops ages into STOP.
   */
  observe(t: number, committed: number | null, end: number, settings: SamplerSettings): void {
    if (committed === null) {
      this.commits = [];
      this.committedSamples = [];
    } else {
      if (committed !== this.lastCommitted) {
        this.commits = recordCommit(
          this.commits,
          { t, offset: committed, lag: commitLag(committed, end) },
          settings.status,
        );
      }
      const last = this.committedSamples.at(-1);
      // A rewind is kept: windowedRate skips intervals where the counter went down.
      if (last === undefined || t > last.t) this.committedSamples.push({ t, value: committed });
      const from = t - settings.rateWindowMs;
      let drop = 0;
      while (drop < this.committedSamples.length && (this.committedSamples[drop] as CounterSample).t < from)
        drop++;
      if (drop > 0) this.committedSamples.splice(0, drop);
    }
    this.lastCommitted = committed;
  }
}
