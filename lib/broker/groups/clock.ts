/**
 * Time for the coordinator: a clock plus a one-shot scheduler, injectable so tests drive every timeout
 * (session, rebalance, initial delay, pending sync, retention) by hand without wall-clock waits.
 */

/** Cancels a scheduled callback; calling it again, or after the callback ran, does nothing. */
export type Cancel = () => void;

export interface Scheduler {
  now(): number;
  schedule(delayMs: number, fn: () => void): Cancel;
}

/** Real time. Timers are unref'd: a forgotten coordinator never keeps the process alive. */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  schedule(delayMs, fn) {
    const timer = setTimeout(fn, Math.max(0, delayMs));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

interface ManualTimer {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** A scheduler whose time only moves when `advance` is called; due timers run in (due, creation) order. */
export class ManualScheduler implements Scheduler {
  private time: number;
  private seq = 0;
  private readonly timers = new Set<ManualTimer>();

  constructor(startMs = 1_700_000_000_000) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, fn: () => void): Cancel {
    const timer: ManualTimer = { due: this.time + Math.max(0, delayMs), seq: this.seq++, fn };
    this.timers.add(timer);
    return () => {
      this.timers.delete(timer);
    };
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way (including new ones). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let next: ManualTimer | undefined;
      for (const t of this.timers) {
        if (t.due <= target && (!next || t.due < next.due || (t.due === next.due && t.seq < next.seq)))
          next = t;
      }
      if (!next) break;
      this.timers.delete(next);
      this.time = Math.max(this.time, next.due);
      next.fn();
    }
    this.time = target;
  }

  /** Number of timers still scheduled. */
  get pending(): number {
    return this.timers.size;
  }
}

/** Named timers of one owner: setting a name replaces its previous timer. */
export class TimerSet {
  private readonly timers = new Map<string, Cancel>();

  constructor(private readonly scheduler: Scheduler) {}

  set(name: string, delayMs: number, fn: () => void): void {
    this.cancel(name);
    const cancel = this.scheduler.schedule(delayMs, () => {
      this.timers.delete(name);
      fn();
    });
    this.timers.set(name, cancel);
  }

  has(name: string): boolean {
    return this.timers.has(name);
  }

  cancel(name: string): void {
    const cancel = this.timers.get(name);
    if (cancel) {
      this.timers.delete(name);
      cancel();
    }
  }

  cancelAll(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}
