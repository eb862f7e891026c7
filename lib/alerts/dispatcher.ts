// The alerts side of the sampler: a TransitionSink that records alerted transitions in SQLite and POSTs
// them to the configured webhooks in the background. onTransitions never waits for the network and never
// throws; deliveries of one entity to one webhook are sent in order.
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { BackgroundService } from '../runtime/services';
import { type AlertsRepository, entityKey } from '../store/alerts';
import { ALERT_DEFAULTS, type BackoffPolicy } from './defaults';
import { alertPayload } from './payload';
import { shouldAlert } from './policy';
import type { AlertRecord } from './records';
import type { StatusTransition, TransitionSink } from './types';
import { type AttemptResult, buildHeaders, deliver, displayUrl, type WebhookTarget } from './webhook';

/** What the dispatcher did, for tests and metrics. Never carries header values. */
export type AlertEvent =
  | { type: 'recorded'; alert: AlertRecord }
  /** Not alerted: a repeat of the last alert, or a status that does not alert (WARN, REWIND, OK unalerted). */
  | { type: 'suppressed'; transition: StatusTransition; reason: 'duplicate' | 'not-alerting' }
  | { type: 'attempt'; alertId: number; webhook: number; attempt: number; result: AttemptResult }
  | { type: 'delivered'; alertId: number; webhook: number; attempts: number }
  | { type: 'failed'; alertId: number; webhook: number; attempts: number; error: string }
  | { type: 'error'; message: string };

export interface AlertDispatcherOptions {
  alerts: Config['alerts'];
  repo: AlertsRepository;
  log: Logger;
  now?: () => number;
  backoff?: BackoffPolicy;
  maxPendingDeliveries?: number;
  onEvent?: (event: AlertEvent) => void;
}

export class AlertDispatcher implements TransitionSink, BackgroundService {
  readonly name = 'alerts';
  private readonly targets: WebhookTarget[];
  private readonly lastAlerted: Map<string, StatusTransition['to']>;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly cancel = new AbortController();
  private readonly now: () => number;
  private pending = 0;
  /** Alerted transitions not yet recorded: onTransitions only decides, a macrotask later records and sends. */
  private backlog: StatusTransition[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly opts: AlertDispatcherOptions) {
    this.now = opts.now ?? Date.now;
    this.targets = opts.alerts.webhooks.map((w, index) => {
      const { headers, invalid } = buildHeaders(w.headers);
      const display = displayUrl(w.url);
      for (const name of invalid)
        opts.log.warn('webhook header has an invalid value; left out', { webhook: index, header: name });
      return { index, url: w.url, headers, display };
    });
    this.lastAlerted = opts.repo.lastAlerted();
  }

  /** Marks deliveries a previous process left pending as failed, and prunes old history. */
  async start(): Promise<void> {
    const now = this.now();
    const stale = this.opts.repo.failPending('not delivered: Spillway stopped first', now);
    if (stale > 0)
      this.opts.log.warn('alert deliveries left by the previous run marked failed', { count: stale });
    this.opts.repo.prune(now - ALERT_DEFAULTS.historyRetentionMs);
  }

  /** Aborts deliveries in flight (recorded as failed) and waits for them to settle. */
  async stop(): Promise<void> {
    this.cancel.abort();
    await this.idle();
  }

  /** Resolves when no delivery is waiting or in flight. */
  async idle(): Promise<void> {
    while (this.flushing || this.inFlight.size > 0) {
      if (this.flushing) await this.flushing;
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** Decides in memory and returns; recording (SQLite) and sending happen on a later macrotask. */
  onTransitions(transitions: readonly StatusTransition[]): void {
    try {
      for (const t of transitions) {
        const key = entityKey(t);
        const last = this.lastAlerted.get(key);
        if (!shouldAlert(t, last)) {
          this.emit({
            type: 'suppressed',
            transition: t,
            reason: t.to === last ? 'duplicate' : 'not-alerting',
          });
          continue;
        }
        this.lastAlerted.set(key, t.to);
        this.backlog.push({ ...t });
      }
      if (this.backlog.length > 0)
        this.flushing ??= new Promise((resolve) => setImmediate(resolve)).then(() => this.flush());
    } catch (err) {
      this.report('could not handle transitions', err);
    }
  }

  private flush(): void {
    const batch = this.backlog;
    this.backlog = [];
    this.flushing = null;
    for (const t of batch) {
      try {
        this.record(t);
      } catch (err) {
        this.report('could not record an alert', err);
      }
    }
  }

  private record(t: StatusTransition): void {
    const key = entityKey(t);
    const alert = this.opts.repo.insert(
      t,
      this.targets.map((w) => ({ index: w.index, url: w.display })),
      this.now(),
    );
    this.emit({ type: 'recorded', alert });
    this.opts.log.info('alert', {
      id: alert.id,
      cluster: t.cluster,
      kind: t.kind,
      entity: t.entity,
      from: t.from,
      to: t.to,
    });
    const body = JSON.stringify(alertPayload(alert));
    for (const target of this.targets) {
      if (this.cancel.signal.aborted)
        this.finish(alert.id, target, 0, 'not delivered: Spillway stopped first', null);
      else this.enqueue(alert, target, body, key);
    }
  }

  private enqueue(alert: AlertRecord, target: WebhookTarget, body: string, key: string): void {
    const max = this.opts.maxPendingDeliveries ?? ALERT_DEFAULTS.maxPendingDeliveries;
    if (this.pending >= max) {
      this.finish(alert.id, target, 0, `dropped: ${max} deliveries already pending`, null);
      return;
    }
    this.pending += 1;
    const chainKey = `${target.index}\u0000${key}`;
    const previous = this.chains.get(chainKey) ?? Promise.resolve();
    // Always asynchronous: nothing of the delivery runs before onTransitions has returned.
    const run = previous.then(() => this.send(alert, target, body));
    const settled = run.catch((err: unknown) => this.report('alert delivery failed unexpectedly', err));
    this.chains.set(chainKey, settled);
    this.inFlight.add(settled);
    void settled.finally(() => {
      this.pending -= 1;
      this.inFlight.delete(settled);
      if (this.chains.get(chainKey) === settled) this.chains.delete(chainKey);
    });
  }

  private async send(alert: AlertRecord, target: WebhookTarget, body: string): Promise<void> {
    if (this.cancel.signal.aborted) {
      this.finish(alert.id, target, 0, 'not delivered: Spillway stopped first', null);
      return;
    }
    const { result, attempts } = await deliver(target, body, {
      timeoutMs: this.opts.alerts.timeoutMs,
      retries: this.opts.alerts.retries,
      backoff: this.opts.backoff ?? ALERT_DEFAULTS.backoff,
      cancel: this.cancel.signal,
      onAttempt: (attempt, r) => {
        this.emit({ type: 'attempt', alertId: alert.id, webhook: target.index, attempt, result: r });
        if (!r.ok) this.updateRow(alert.id, target.index, 'pending', attempt, r.status, r.error);
      },
    });
    if (result.ok) {
      this.updateRow(alert.id, target.index, 'delivered', attempts, result.status, null);
      this.emit({ type: 'delivered', alertId: alert.id, webhook: target.index, attempts });
    } else {
      const stopped = this.cancel.signal.aborted;
      const error = !stopped
        ? result.error
        : result.error === 'aborted'
          ? 'not delivered: Spillway stopped during delivery'
          : `${result.error}; then Spillway stopped`;
      this.finish(alert.id, target, attempts, error, result.status);
    }
  }

  private finish(
    alertId: number,
    target: WebhookTarget,
    attempts: number,
    error: string,
    status: number | null,
  ): void {
    this.updateRow(alertId, target.index, 'failed', attempts, status, error);
    this.opts.log.warn('alert not delivered', {
      id: alertId,
      webhook: target.index,
      url: target.display,
      attempts,
      error,
    });
    this.emit({ type: 'failed', alertId, webhook: target.index, attempts, error });
  }

  private updateRow(
    alertId: number,
    webhook: number,
    status: 'pending' | 'delivered' | 'failed',
    attempts: number,
    httpStatus: number | null,
    lastError: string | null,
  ): void {
    try {
      this.opts.repo.updateDelivery(
        alertId,
        webhook,
        { status, attempts, httpStatus, lastError },
        this.now(),
      );
    } catch (err) {
      this.report('could not record a delivery', err);
    }
  }

  private report(what: string, err: unknown): void {
    const message = `${what}: ${(err as Error)?.message ?? String(err)}`;
    try {
      this.opts.log.error(what, { error: (err as Error)?.message ?? String(err) });
    } catch {
      // a failing logger must not make the sampler fail either
    }
    this.emit({ type: 'error', message });
  }

  private emit(e: AlertEvent): void {
    try {
      this.opts.onEvent?.(e);
    } catch {
      // observers never break delivery
    }
  }
}
