'use client';

/** Says plainly when the dashboard cannot reach its API, and how old the numbers on screen are. */
export function StatusBanner({ error, updatedAt }: { error: Error | null; updatedAt: number }) {
  if (!error) return null;
  const age = updatedAt ? Math.round((Date.now() - updatedAt) / 1000) : null;
  return (
    <div className="banner error" role="alert" data-testid="stale-banner">
      <strong>Cannot refresh:</strong> {error.message}
      {age !== null ? ` — showing data from ${age}s ago` : ''}
    </div>
  );
}
