'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { sendJson } from '@/lib/client/http';
import { api, pages } from '@/lib/client/paths';
import { queries } from '@/lib/client/queries';
import type { DemoStatus } from '@/lib/demo/types';
import { RequireRole } from '../auth/require-role';
import { formatCount, formatDuration, formatRate } from '../lag/format';
import { DemoBadge } from '../ui/demo-badge';
import { useNow } from '../ui/use-now';

const ACTIVE = new Set<DemoStatus['state']>(['starting', 'running', 'stopping']);

/** Starts and stops the peak-shaving demo on the embedded broker; shows what it is doing. */
export function DemoPanel({ cluster }: { cluster: string }) {
  const client = useQueryClient();
  const status = useQuery(queries.demo());
  const now = useNow();
  const mutate = useMutation({
    mutationFn: (action: 'start' | 'stop') => sendJson<DemoStatus>(api.demo(), 'POST', { action }),
    onSuccess: (s) => {
      client.setQueryData(queries.demo().queryKey, s);
      void client.invalidateQueries({ queryKey: ['clusters', cluster] });
    },
  });
  const s = status.data;
  const active = s ? ACTIVE.has(s.state) : false;
  return (
    <section className="card demo-panel stack-s" aria-labelledby="demo-heading" data-testid="demo-panel">
      <div className="row gap">
        <h2 id="demo-heading" style={{ margin: 0 }}>
          Demo workload
        </h2>
        <DemoBadge force />
        {s ? (
          <span className="small muted" data-testid="demo-state" data-state={s.state}>
            {s.state}
            {s.phase ? ` · ${s.phase} phase` : ''}
          </span>
        ) : null}
      </div>
      <p className="small">
        Reproduces peak shaving: producers send bursts of about {formatCount(s?.scenario.burstRate ?? 5000)}{' '}
        msg/s to <code>{s?.topic ?? 'spillway-demo-orders'}</code> while the group{' '}
        <code>{s?.group ?? 'spillway-demo-consumers'}</code> can only process{' '}
        {formatCount(s?.scenario.consumerRate ?? 2000)} msg/s. The backlog grows during each burst and drains
        in the quiet time after it. Everything it creates is named <code>spillway-demo…</code> and labelled
        “demo”.
      </p>
      <div className="row gap">
        <RequireRole
          atLeast="operator"
          fallback={
            <span className="small muted" data-testid="demo-viewer-note">
              Operators start and stop the demo.
            </span>
          }
        >
          {active ? (
            <button
              type="button"
              className="button danger"
              onClick={() => mutate.mutate('stop')}
              disabled={mutate.isPending || s?.state === 'stopping'}
              data-testid="demo-stop"
            >
              Stop demo
            </button>
          ) : (
            <button
              type="button"
              className="button primary"
              onClick={() => mutate.mutate('start')}
              disabled={mutate.isPending || !status.data}
              data-testid="demo-start"
            >
              {mutate.isPending ? 'Starting…' : 'Start demo'}
            </button>
          )}
        </RequireRole>
        {s && (active || s.state === 'stopped') ? (
          <span className="small" data-testid="demo-progress">
            produced {formatCount(s.produced)} · consumed {formatCount(s.consumed)}
            {s.state === 'running' ? ` · target ${formatRate(s.targetRate)}` : ''}
            {s.state === 'running' && s.endsAt
              ? ` · stops by itself in ${formatDuration((s.endsAt - now) / 1000)}`
              : ''}
          </span>
        ) : null}
      </div>
      {mutate.error ? (
        <p className="text-err small" role="alert" data-testid="demo-error">
          {mutate.error.message}
        </p>
      ) : null}
      {s?.state === 'failed' && s.error ? (
        <p className="text-err small" role="alert">
          The demo stopped: {s.error}
        </p>
      ) : null}
      {s && s.state !== 'idle' ? (
        <p className="small">
          Watch it:{' '}
          <Link href={pages.group(cluster, s.group)} data-testid="demo-group-link">
            group {s.group}
          </Link>{' '}
          · <Link href={pages.topic(cluster, s.topic)}>topic {s.topic}</Link>
        </p>
      ) : null}
    </section>
  );
}
