'use client';

import { formatAge } from '../lag/format';
import { useNow } from './use-now';

/** Data older than this many poll intervals is shown as stale. */
const STALE_FACTOR = 3;

/**
 * How fresh the numbers on screen are: "Live · updated 2s ago", or "Stale" when the last refresh is too old
 * or failed. The state is also in `data-state` for tests and screen readers get it via aria-live.
 */
export function Freshness({
  updatedAt,
  error,
  intervalMs,
  testId = 'freshness',
}: {
  updatedAt: number;
  error: Error | null;
  intervalMs: number;
  testId?: string;
}) {
  const now = useNow();
  const stale = error !== null || updatedAt === 0 || now - updatedAt > STALE_FACTOR * intervalMs;
  const state = updatedAt === 0 && !error ? 'loading' : stale ? 'stale' : 'live';
  const label = state === 'loading' ? 'Loading' : state === 'stale' ? 'Stale' : 'Live';
  return (
    <span
      className={`freshness freshness-${state}`}
      data-testid={testId}
      data-state={state}
      aria-live="polite"
    >
      <span className="dot" aria-hidden="true" />
      {label}
      {updatedAt > 0 ? <span className="muted"> · updated {formatAge(updatedAt, now)}</span> : null}
    </span>
  );
}
