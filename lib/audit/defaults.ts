// The audit's tunables in one place (STYLE 9).
export const AUDIT_DEFAULTS = Object.freeze({
  /**
   * Interval between the two observations of the growth rule (ms). `spillway audit --observe-ms` and
   * `GET /api/audit?observeMs=` override it; 0 turns the growth check off. Only paid when some queue has
   * ready messages and no consumer.
   */
  observeMs: 3_000,
  /** Upper bound of observeMs accepted from the CLI and the API. */
  maxObserveMs: 60_000,
  /** Queues without consumers observed at most (the fullest first). */
  maxGrowthCandidates: 200,
  /** Passive declares in flight at once. */
  probeConcurrency: 8,
});
