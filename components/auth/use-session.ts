'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '@/lib/client/http';
import { roleAtLeast, type SessionState } from '@/lib/client/session';

export const SESSION_POLL_MS = 60_000;

export const sessionQuery = () =>
  queryOptions({
    queryKey: ['auth', 'session'] as const,
    queryFn: ({ signal }) => getJson<SessionState>('/api/auth/session', signal),
    staleTime: SESSION_POLL_MS,
    refetchInterval: SESSION_POLL_MS,
  });

/** The signed-in user (or none) and what their role allows; `role` is undefined until known. */
export function useSession() {
  const q = useQuery(sessionQuery());
  const s = q.data;
  const role = s?.authenticated ? s.role : undefined;
  return {
    session: s,
    role,
    /** May run and control recovery jobs, resets, replays and the demo. */
    canOperate: role !== undefined && roleAtLeast(role, 'operator'),
    isAdmin: role === 'admin',
  };
}
