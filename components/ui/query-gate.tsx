'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/**
 * Renders `children(data)` once a query has data; before that a loading line, and on failure the error in
 * words with a retry button. Never a blank area. Later failures keep the last data (the page's Freshness
 * shows it is stale).
 */
export function QueryGate<T>({
  query,
  what,
  children,
  testId,
}: {
  query: UseQueryResult<T, Error>;
  what: string;
  children: (data: T) => ReactNode;
  testId?: string;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.isError) {
    return (
      <div className="banner error" role="alert" data-testid={testId ? `${testId}-error` : 'query-error'}>
        <strong>Cannot load {what}:</strong> {query.error.message}{' '}
        <button type="button" className="button small" onClick={() => void query.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  return (
    <p className="muted" aria-busy="true" data-testid={testId ? `${testId}-loading` : undefined}>
      Loading {what}…
    </p>
  );
}
