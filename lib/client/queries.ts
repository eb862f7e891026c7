import { queryOptions } from '@tanstack/react-query';
import type { ClustersResponse, HealthResponse } from '../api/types';
import { ApiError, getJson } from './http';

/** Named poll intervals: one place to tune how live the dashboard is. */
export const POLL = { live: 5_000, slow: 30_000 } as const;

/** Retry only transient failures (network, 5xx), at most twice. */
export function retryTransient(failureCount: number, error: Error): boolean {
  return failureCount < 2 && error instanceof ApiError && error.transient;
}

export const queries = {
  health: () =>
    queryOptions({
      queryKey: ['health'],
      queryFn: ({ signal }) => getJson<HealthResponse>('/api/health', signal),
      refetchInterval: POLL.live,
      retry: retryTransient,
    }),
  clusters: () =>
    queryOptions({
      queryKey: ['clusters'],
      queryFn: ({ signal }) => getJson<ClustersResponse>('/api/clusters', signal),
      refetchInterval: POLL.slow,
      retry: retryTransient,
    }),
};
