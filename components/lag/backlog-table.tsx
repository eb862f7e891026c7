'use client';

import Link from 'next/link';
import { type BacklogRow, etaRank } from '@/lib/client/backlog';
import { pages } from '@/lib/client/paths';
import { DataTable } from '../table/data-table';
import type { Column } from '../table/types';
import { DemoBadge } from '../ui/demo-badge';
import { StatusBadge } from '../ui/status-badge';
import { etaTone, formatCount, formatEta, formatLagSeconds, formatRate } from './format';

const COLUMNS: Column<BacklogRow>[] = [
  {
    id: 'name',
    header: 'Group / queue',
    width: 'minmax(14rem, 3fr)',
    cell: (r) => (
      <span className="row gap-s truncate">
        <Link href={r.href} className="truncate" title={r.name}>
          {r.name}
        </Link>
        {r.demo ? <DemoBadge force /> : null}
      </span>
    ),
    sortValue: (r) => r.name,
    filterText: (r) => `${r.name} ${r.kind}`,
  },
  {
    id: 'cluster',
    header: 'Cluster',
    width: 'minmax(8rem, 1fr)',
    cell: (r) => <Link href={pages.cluster(r.cluster)}>{r.cluster}</Link>,
    sortValue: (r) => r.cluster,
    filterText: (r) => r.cluster,
  },
  {
    id: 'status',
    header: 'Status',
    width: '7rem',
    cell: (r) => <StatusBadge status={r.status} />,
    sortValue: (r) => ['OK', 'WARN', 'ERR', 'STOP', 'STALL', 'REWIND'].indexOf(r.status),
    descFirst: true,
    filterText: (r) => r.status,
  },
  {
    id: 'backlog',
    header: 'Backlog',
    width: '8rem',
    align: 'right',
    cell: (r) => <span className="num">{formatCount(r.backlog)}</span>,
    sortValue: (r) => r.backlog,
    descFirst: true,
  },
  {
    id: 'lagSeconds',
    header: 'Lag (time)',
    width: '8rem',
    align: 'right',
    cell: (r) => <span className="num">{formatLagSeconds(r.lagSeconds)}</span>,
    sortValue: (r) => r.lagSeconds,
    descFirst: true,
  },
  {
    id: 'eta',
    header: 'Time to drain',
    width: '9rem',
    align: 'right',
    cell: (r) => (
      <span className={`num text-${etaTone(r.etaState)}`}>{formatEta(r.etaSeconds, r.etaState)}</span>
    ),
    sortValue: (r) => etaRank(r.etaSeconds, r.etaState),
    descFirst: true,
  },
  {
    id: 'in',
    header: 'In',
    width: '7rem',
    align: 'right',
    cell: (r) => <span className="num">{formatRate(r.inRate)}</span>,
    sortValue: (r) => r.inRate,
    descFirst: true,
  },
  {
    id: 'out',
    header: 'Out',
    width: '7rem',
    align: 'right',
    cell: (r) => <span className="num">{formatRate(r.outRate)}</span>,
    sortValue: (r) => r.outRate,
    descFirst: true,
  },
];

/** Groups and queues with a backlog, worst first (lag seconds, then time to drain). */
export function BacklogTable({
  rows,
  testId,
  empty,
  hideCluster = false,
}: {
  rows: readonly BacklogRow[];
  testId: string;
  empty: React.ReactNode;
  hideCluster?: boolean;
}) {
  const columns = hideCluster ? COLUMNS.filter((c) => c.id !== 'cluster') : COLUMNS;
  return (
    <DataTable
      rows={rows}
      columns={columns}
      rowKey={(r) => r.key}
      rowTestId={(r) => `backlog-row-${r.cluster}-${r.name}`}
      label="Backlogs"
      testId={testId}
      initialSort={{ column: 'lagSeconds', desc: true }}
      filterPlaceholder="Filter by name, cluster or status…"
      empty={empty}
    />
  );
}
