'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { getJson, sendJson } from '@/lib/client/http';
import { POLL, retryTransient } from '@/lib/client/queries';

interface CaptureState {
  captured: boolean;
  archiveBacklog: number | null;
  operatorPolicy: string | null;
  drift: string[];
}

/**
 * For the queue page: capture of expired/rejected messages on or off, with a link to the queue's archive.
 * Mount as <CaptureButton cluster={c} vhost={v} queue={q} />.
 */
export function CaptureButton({ cluster, vhost, queue }: { cluster: string; vhost: string; queue: string }) {
  const client = useQueryClient();
  const key = ['archive', 'capture', cluster, vhost, queue];
  const state = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      getJson<CaptureState>(`/api/replay/capture?${new URLSearchParams({ cluster, vhost, queue })}`, signal),
    refetchInterval: POLL.slow,
    retry: retryTransient,
  });
  const toggle = useMutation({
    mutationFn: (action: 'start' | 'stop') =>
      sendJson<CaptureState>('/api/replay/capture', 'POST', { cluster, vhost, queue, action }),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  const on = state.data?.captured ?? false;
  return (
    <span className="row gap-s" data-testid="capture-button">
      <button
        type="button"
        className="button small"
        disabled={state.isPending || toggle.isPending}
        onClick={() => toggle.mutate(on ? 'stop' : 'start')}
        title="Expired and rejected messages dead-letter into Spillway's archive (the queue's policy is copied, not replaced)"
      >
        {on ? 'Stop capturing expired messages' : 'Capture expired messages'}
      </button>
      {on ? <Link href={`/archive?queue=${encodeURIComponent(queue)}`}>archive</Link> : null}
      {state.data?.drift.length ? (
        <span className="small warn">policy changed since capture: capture again</span>
      ) : null}
      {toggle.error ? (
        <span className="small error" role="alert">
          {toggle.error.message}
        </span>
      ) : null}
    </span>
  );
}
