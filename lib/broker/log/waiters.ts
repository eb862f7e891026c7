/** Waiters for a partition's high watermark: long-poll Fetch without polling. */

interface Waiter {
  offset: number;
  finish: (ok: boolean) => void;
}

export class DataWaiters {
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<(hwm: number) => void>();

  /** Resolves true once `hwm()` > offset, false on timeout, abort or closeAll. */
  wait(offset: number, hwm: () => number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (hwm() > offset) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const onAbort = () => waiter.finish(false);
      const timer = setTimeout(() => waiter.finish(false), Math.max(0, Math.min(timeoutMs, 2 ** 31 - 1)));
      const waiter: Waiter = {
        offset,
        finish: (ok) => {
          if (!this.waiters.delete(waiter)) return;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(ok);
        },
      };
      this.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  listen(listener: (hwm: number) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  notify(hwm: number): void {
    for (const w of this.waiters) if (hwm > w.offset) w.finish(true);
    for (const l of this.listeners) l(hwm);
  }

  closeAll(): void {
    for (const w of [...this.waiters]) w.finish(false);
  }
}
