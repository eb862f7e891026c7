// One cluster's polling loop: its own timer, a deadline per round, and the reachability bookkeeping.
//
// A round that does not finish within the round timeout (default: the interval) marks the cluster
// unreachable ("no answer within N ms") at the deadline. The loop never starts a second round while one is
// still running (client calls cannot be cancelled; piling them up would make things worse); it keeps
// ticking and counting failures instead. When the late round finally answers, its data is used and the
// cluster is `slow`; the next successful round on time makes it `ok` again. Clusters never wait for each
// other: each loop has its own timer.
import type { Status } from '../types';
import type { ClusterHealth, ClusterKind, SourceIssueView } from './views';

export interface RoundOutcome {
  issues: SourceIssueView[];
  groups: number;
  partitions: number;
  queues: number;
  statusCounts: Record<Status, number>;
}

export type RoundFn = () => Promise<RoundOutcome>;

/** The first line of an error message (sources redact theirs before building them). */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').trim() || 'unknown error';
}

const emptyCounts = (): Record<Status, number> => ({ OK: 0, WARN: 0, ERR: 0, STOP: 0, STALL: 0, REWIND: 0 });

export class ClusterLoop {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private inFlight: Promise<void> | null = null;
  private inFlightSince = 0;
  /** Whether the running round has already been counted as a failure (it missed its deadline). */
  private counted = false;
  private readonly h: ClusterHealth;

  constructor(
    cluster: string,
    kind: ClusterKind,
    private readonly round: RoundFn,
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
  ) {
    this.h = {
      cluster,
      kind,
      state: 'pending',
      reachable: null,
      lastError: null,
      lastErrorAt: null,
      lastSuccessAt: null,
      lastAttemptAt: null,
      consecutiveFailures: 0,
      lastRoundMs: null,
      intervalMs,
      rounds: 0,
      issues: [],
      groups: 0,
      partitions: 0,
      queues: 0,
      statusCounts: emptyCounts(),
    };
  }

  health(): ClusterHealth {
    return { ...this.h, issues: [...this.h.issues], statusCounts: { ...this.h.statusCounts } };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops ticking; a round in flight is left to finish (or fail when its source closes). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /**
   * Runs one round now and waits for it, or for the round timeout (then the cluster is marked
   * unreachable, as in the loop). A round already in flight is waited for instead.
   */
  async runOnce(): Promise<void> {
    if (this.inFlight) {
      await this.inFlight;
      return;
    }
    await this.runWithDeadline(Date.now());
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, delay));
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    const started = Date.now();
    if (this.inFlight) {
      // The previous round overran and is still waiting for the cluster.
      const running = started - this.inFlightSince;
      this.failure(
        started,
        `no answer within ${this.timeoutMs} ms (a round has been running for ${running} ms)`,
        true,
      );
    } else {
      await this.runWithDeadline(started);
    }
    this.schedule(started + this.intervalMs - Date.now());
  }

  private async runWithDeadline(started: number): Promise<void> {
    const round = this.launch(started);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), this.timeoutMs);
      timer.unref?.();
    });
    const overran = await Promise.race([round.then(() => false), late]);
    clearTimeout(timer);
    if (overran && this.inFlight) {
      this.counted = true;
      this.failure(Date.now(), `no answer within ${this.timeoutMs} ms`, true);
    }
  }

  private launch(started: number): Promise<void> {
    this.counted = false;
    this.inFlightSince = started;
    this.h.lastAttemptAt = started;
    const run = (async () => {
      try {
        const outcome = await this.round();
        this.success(started, outcome);
      } catch (error) {
        const now = Date.now();
        this.failure(now, errorLine(error), !this.counted);
        this.h.lastRoundMs = now - started;
      } finally {
        this.inFlight = null;
      }
    })();
    this.inFlight = run;
    return run;
  }

  private success(started: number, o: RoundOutcome): void {
    const now = Date.now();
    const ms = now - started;
    Object.assign(this.h, {
      // A round already declared overdue is slow, whatever the clock says: a timer may fire a millisecond
      // before Date.now() has moved past the deadline.
      state: this.counted || ms > this.timeoutMs ? 'slow' : 'ok',
      reachable: true,
      lastError: null,
      lastErrorAt: null,
      lastSuccessAt: now,
      consecutiveFailures: 0,
      lastRoundMs: ms,
      rounds: this.h.rounds + 1,
      issues: o.issues,
      groups: o.groups,
      partitions: o.partitions,
      queues: o.queues,
      statusCounts: o.statusCounts,
    });
  }

  /** Records a failure; `count` false only updates the message (the round was already counted). */
  private failure(at: number, message: string, count: boolean): void {
    this.h.state = 'unreachable';
    this.h.reachable = false;
    this.h.lastError = message;
    this.h.lastErrorAt = at;
    if (count) this.h.consecutiveFailures++;
  }
}

export function countStatuses(statuses: Iterable<Status>): Record<Status, number> {
  const out = emptyCounts();
  for (const s of statuses) out[s]++;
  return out;
}
