// Alert delivery tunables in one place (STYLE 9). Timeout and retry count come from the configuration
// (alerts.timeoutMs, alerts.retries); the rest is here.
export const ALERT_DEFAULTS = Object.freeze({
  /** Backoff before retry n (1-based): min(maxMs, initialMs × 2^(n−1)), ±20 % jitter. */
  backoff: Object.freeze({ initialMs: 500, maxMs: 15_000 }),
  /** Deliveries waiting or in flight at once; past it new ones are recorded as failed, never queued. */
  maxPendingDeliveries: 1_000,
  /** Alerts older than this are pruned on start (each entity's latest is kept for deduplication). */
  historyRetentionMs: 30 * 24 * 3_600_000,
});

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export function backoffMs(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, retry - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
