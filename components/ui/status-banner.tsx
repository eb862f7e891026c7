'use client';

import { formatAge } from '../lag/format';
import { useNow } from './use-now';

/** Says plainly when the dashboard cannot reach its API, and how old the numbers on screen are. */
export function StatusBanner({ error, updatedAt }: { error: Error | null; updatedAt: number }) {
  const now = useNow();
  if (!error) return null;
  return (
    <div className="banner error" role="alert" data-testid="stale-banner">
      <strong>Cannot refresh:</strong> {error.message}
      {updatedAt ? ` — showing data from ${formatAge(updatedAt, now)}` : ''}
    </div>
  );
}
