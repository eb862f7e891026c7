// Offset reset with undo (POST /api/offsets/reset|undo, GET /api/offsets): the dashboard's queries,
// mutations and the pure rules of the reset form. Shapes mirror lib/recovery/replay/kafka/offsets-reset.ts.
import { queryOptions } from '@tanstack/react-query';
import { getJson, sendJson } from './http';
import { retryTransient } from './queries';

export interface ResetPartition {
  partition: number;
  logStart: number;
  end: number;
  /** The group's committed offset now; null without a commit. */
  current: number | null;
  target: number;
  /** Messages the group will read again (target before current); null without a commit. */
  reconsume: number | null;
  /** Messages the group will skip (target after current). */
  skip: number | null;
}

export interface ResetPlanResponse {
  dryRun: boolean;
  /** Present once applied: the undo snapshot. */
  snapshotId?: string;
  cluster: string;
  group: string;
  topic: string;
  to: string;
  groupState: string;
  partitions: ResetPartition[];
  reconsume: number;
  skip: number;
}

export interface UndoPlanResponse {
  dryRun: boolean;
  id: string;
  cluster: string;
  group: string;
  topic: string;
  resetTo: string;
  resetAt: number;
  undoneAt: number | null;
  partitions: { partition: number; current: number | null; restore: number | null }[];
  noCommitBefore: number[];
}

export interface OffsetSnapshotView {
  id: string;
  cluster: string;
  group: string;
  topic: string;
  target: string;
  before: { partition: number; offset: number | null }[];
  after: { partition: number; offset: number | null }[];
  actor: string;
  createdAt: number;
  undoneAt: number | null;
  undoneBy: string | null;
}

export const offsetQueries = {
  snapshots: (cluster: string, group: string) =>
    queryOptions({
      queryKey: ['offsets', cluster, group, 'snapshots'] as const,
      queryFn: ({ signal }) =>
        getJson<{ snapshots: OffsetSnapshotView[] }>(
          `/api/offsets?${new URLSearchParams({ cluster, group }).toString()}`,
          signal,
        ),
      refetchInterval: 10_000,
      retry: retryTransient,
    }),
};

export const offsetActions = {
  reset: (body: { cluster: string; group: string; topic: string; to: string; dryRun: boolean }) =>
    sendJson<ResetPlanResponse>('/api/offsets/reset', 'POST', body),
  undo: (body: { cluster: string; id: string; dryRun: boolean }) =>
    sendJson<UndoPlanResponse>('/api/offsets/undo', 'POST', body),
};

export type ResetMode = 'earliest' | 'latest' | 'time' | 'offset';

/**
 * The `to` of a reset from the form: earliest, latest, an ISO time (from a datetime-local value, read in the
 * browser's time zone) or an offset (digits). An error in words when the value does not fit the mode.
 */
export function resetTarget(
  mode: ResetMode,
  value: string,
): { ok: true; to: string } | { ok: false; error: string } {
  if (mode === 'earliest' || mode === 'latest') return { ok: true, to: mode };
  const v = value.trim();
  if (mode === 'offset') {
    return /^\d{1,18}$/.test(v)
      ? { ok: true, to: v }
      : { ok: false, error: 'the offset is a whole number (0 or more)' };
  }
  const at = new Date(v);
  if (v === '' || Number.isNaN(at.getTime()))
    return { ok: false, error: 'choose the date and time to reset to' };
  return { ok: true, to: at.toISOString() };
}

/** The reset page's address: /jobs/reset?cluster=C&group=G. */
export function resetPage(cluster: string, group: string): string {
  return `/jobs/reset?${new URLSearchParams({ cluster, group }).toString()}`;
}
