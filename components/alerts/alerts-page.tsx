'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { AlertRecord } from '@/lib/alerts/records';
import { pages, splitQueueTarget } from '@/lib/client/paths';
import { POLL, queries } from '@/lib/client/queries';
import { formatCount, formatLagSeconds } from '../lag/format';
import { DataTable } from '../table/data-table';
import type { Column } from '../table/types';
import { EmptyState } from '../ui/empty-state';
import { Freshness } from '../ui/freshness';
import { QueryGate } from '../ui/query-gate';
import { StatusBadge } from '../ui/status-badge';

function entityHref(a: AlertRecord): string {
  if (a.kind === 'group') return pages.group(a.cluster, a.entity);
  const { vhost, queue } = splitQueueTarget(a.entity);
  return pages.queue(a.cluster, vhost, queue);
}

function deliveries(a: AlertRecord): string {
  if (a.deliveries.length === 0) return 'recorded (no webhook)';
  return a.deliveries
    .map((d) => `${d.url}: ${d.status}${d.httpStatus ? ` (${d.httpStatus})` : ''}`)
    .join('; ');
}

const COLUMNS: Column<AlertRecord>[] = [
  {
    id: 'at',
    header: 'When',
    width: '12rem',
    cell: (a) => new Date(a.at).toLocaleString(),
    sortValue: (a) => a.at,
    descFirst: true,
  },
  {
    id: 'cluster',
    header: 'Cluster',
    width: '9rem',
    cell: (a) => <Link href={pages.cluster(a.cluster)}>{a.cluster}</Link>,
    sortValue: (a) => a.cluster,
    filterText: (a) => a.cluster,
  },
  {
    id: 'entity',
    header: 'Group / queue',
    width: 'minmax(12rem, 2fr)',
    cell: (a) => (
      <Link href={entityHref(a)} title={a.entity}>
        {a.entity}
      </Link>
    ),
    sortValue: (a) => a.entity,
    filterText: (a) => `${a.entity} ${a.kind}`,
  },
  {
    id: 'change',
    header: 'Change',
    width: '13rem',
    cell: (a) => (
      <span className="row gap-s">
        {a.from ? <StatusBadge status={a.from} /> : <span className="muted small">new</span>} →{' '}
        <StatusBadge status={a.to} />
      </span>
    ),
    sortValue: (a) => a.to,
    filterText: (a) => `${a.from ?? ''} ${a.to}`,
  },
  {
    id: 'lag',
    header: 'Lag',
    width: '8rem',
    align: 'right',
    cell: (a) => formatCount(a.lag),
    sortValue: (a) => a.lag,
    descFirst: true,
  },
  {
    id: 'lagSeconds',
    header: 'Lag (time)',
    width: '8rem',
    align: 'right',
    cell: (a) => formatLagSeconds(a.lagSeconds),
    sortValue: (a) => a.lagSeconds,
    descFirst: true,
  },
  {
    id: 'delivery',
    header: 'Delivery',
    width: 'minmax(12rem, 2fr)',
    cell: (a) => <span title={deliveries(a)}>{deliveries(a)}</span>,
    filterText: deliveries,
  },
];

/** Every recorded status change into ERR/STOP/STALL and back to OK, newest first, with webhook deliveries. */
export function AlertsPage() {
  const alerts = useQuery(queries.alerts());
  return (
    <div className="stack">
      <div className="page-title">
        <h1>Alerts</h1>
        <span className="spacer" />
        <Freshness updatedAt={alerts.dataUpdatedAt} error={alerts.error} intervalMs={POLL.cluster} />
      </div>
      <QueryGate query={alerts} what="the alert history" testId="alerts">
        {(d) => (
          <>
            <p className="small muted" data-testid="webhooks">
              {d.webhooks.length === 0
                ? 'No webhook configured: alerts are recorded here only. Add alerts.webhooks to spillway.config.json to be notified.'
                : `Sent to ${d.webhooks.map((w) => w.url).join(', ')}.`}
            </p>
            <DataTable
              rows={d.alerts}
              columns={COLUMNS}
              rowKey={(a) => String(a.id)}
              rowTestId={(a) => `alert-${a.id}`}
              label="Alerts"
              testId="alerts"
              initialSort={{ column: 'at', desc: true }}
              filterPlaceholder="Filter by cluster, group, queue or status…"
              empty={
                <EmptyState title="No alerts yet" testId="no-alerts">
                  <p>
                    An alert is recorded when a consumer group or queue goes into Error, Stopped or Stalled,
                    and when it recovers. Nothing has so far.
                  </p>
                </EmptyState>
              }
            />
          </>
        )}
      </QueryGate>
    </div>
  );
}
