'use client';

import Link from 'next/link';
import type { GroupView } from '@/lib/api/lag-types';
import { etaRank } from '@/lib/client/backlog';
import { pages } from '@/lib/client/paths';
import { STATUS_SEVERITY } from '@/lib/lag/types';
import { DataTable } from '../table/data-table';
import type { Column } from '../table/types';
import { DemoBadge } from '../ui/demo-badge';
import { StatusBadge } from '../ui/status-badge';
import { etaTone, formatCount, formatEta, formatLagSeconds, formatRate } from './format';

function columns(cluster: string): Column<GroupView>[] {
  return [
    {
      id: 'group',
      header: 'Group',
      width: 'minmax(14rem, 3fr)',
      cell: (g) => (
        <span className="row gap-s truncate">
          <Link href={pages.group(cluster, g.group)} className="truncate" title={g.group}>
            {g.group}
          </Link>
          <DemoBadge name={g.group} />
        </span>
      ),
      sortValue: (g) => g.group,
      filterText: (g) => `${g.group} ${g.topics.join(' ')}`,
    },
    {
      id: 'status',
      header: 'Status',
      width: '7rem',
      cell: (g) => <StatusBadge status={g.status} />,
      sortValue: (g) => STATUS_SEVERITY[g.status],
      descFirst: true,
      filterText: (g) => g.status,
    },
    {
      id: 'state',
      header: 'State',
      width: '9rem',
      cell: (g) => g.state ?? '—',
      sortValue: (g) => g.state,
      filterText: (g) => g.state ?? '',
    },
    {
      id: 'members',
      header: 'Members',
      width: '6rem',
      align: 'right',
      cell: (g) => formatCount(g.members),
      sortValue: (g) => g.members,
      descFirst: true,
    },
    {
      id: 'lag',
      header: 'Lag',
      width: '8rem',
      align: 'right',
      cell: (g) => <span className="num">{formatCount(g.lag)}</span>,
      sortValue: (g) => g.lag,
      descFirst: true,
    },
    {
      id: 'lagSeconds',
      header: 'Lag (time)',
      width: '8rem',
      align: 'right',
      cell: (g) => <span className="num">{formatLagSeconds(g.lagSeconds)}</span>,
      sortValue: (g) => g.lagSeconds,
      descFirst: true,
    },
    {
      id: 'eta',
      header: 'Time to drain',
      width: '9rem',
      align: 'right',
      cell: (g) => (
        <span className={`num text-${etaTone(g.etaState)}`}>{formatEta(g.etaSeconds, g.etaState)}</span>
      ),
      sortValue: (g) => etaRank(g.etaSeconds, g.etaState),
      descFirst: true,
    },
    {
      id: 'in',
      header: 'In',
      width: '7rem',
      align: 'right',
      cell: (g) => formatRate(g.inRate),
      sortValue: (g) => g.inRate,
      descFirst: true,
    },
    {
      id: 'out',
      header: 'Out',
      width: '7rem',
      align: 'right',
      cell: (g) => formatRate(g.outRate),
      sortValue: (g) => g.outRate,
      descFirst: true,
    },
    {
      id: 'topics',
      header: 'Topics',
      width: 'minmax(10rem, 2fr)',
      cell: (g) => <span title={g.topics.join(', ')}>{g.topics.join(', ')}</span>,
    },
  ];
}

/** A cluster's consumer groups: sortable, filterable, virtualized. */
export function GroupsTable({ cluster, groups }: { cluster: string; groups: readonly GroupView[] }) {
  return (
    <DataTable
      rows={groups}
      columns={columns(cluster)}
      rowKey={(g) => g.group}
      rowTestId={(g) => `group-row-${g.group}`}
      label="Consumer groups"
      testId="groups"
      initialSort={{ column: 'status', desc: true }}
      filterPlaceholder="Filter groups by id, topic or status…"
      empty={
        <p className="empty small" data-testid="no-groups">
          No consumer groups yet. Groups appear here once a consumer commits an offset (or joins with a
          subscription).
        </p>
      }
    />
  );
}
