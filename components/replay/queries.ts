import { queryOptions } from '@tanstack/react-query';
import { getJson } from '@/lib/client/http';
import { POLL, retryTransient } from '@/lib/client/queries';
import type { ArchiveFilter, ArchiveMessage, ArchiveResponse } from './types';

/** Rows the archive page asks for. */
export const ARCHIVE_PAGE_ROWS = 500;

function search(f: ArchiveFilter): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  p.set('limit', String(ARCHIVE_PAGE_ROWS));
  return p.toString();
}

export const archiveQueries = {
  list: (f: ArchiveFilter) =>
    queryOptions({
      queryKey: ['archive', 'list', f],
      queryFn: ({ signal }) => getJson<ArchiveResponse>(`/api/archive?${search(f)}`, signal),
      refetchInterval: POLL.slow,
      retry: retryTransient,
    }),
  message: (id: number) =>
    queryOptions({
      queryKey: ['archive', 'message', id],
      queryFn: ({ signal }) => getJson<ArchiveMessage>(`/api/archive/${id}`, signal),
      retry: retryTransient,
    }),
};
