'use client';

import Link from 'next/link';
import type { QueueView } from '@/lib/api/lag-types';
import { etaRank } from '@/lib/client/backlog';
import { pages } from '@/lib/client/paths';
import { STATUS_SEVERITY } from '@/lib/lag/types';
import { etaTone, formatCount, formatEta, formatLagSeconds, formatRate } from '../lag/format';
import { DataTable } from '../table/data-table';
import type { Column } from '../table/types';
import { DemoBadge } from '../ui/demo-badge';
import { StatusBadge } from '../ui/status-badge';

function columns(cluster: string): Column<QueueView>[] {
  return [
    {
      id: 'queue',
      header: 'Queue',
      width: 'minmax(14rem, 3fr)',
      cell: (q) => (
        <span className="row gap-s truncate">
          <Link href={pages.queue(cluster, q.vhost, q.queue)} className="truncate" title={q.queue}>
            {q.queue}
          </Link>
          <DemoBadge name={q.queue} />
        </span>
      ),
      sortValue: (q) => q.queue,
      filterText: (q) => `${q.queue} ${q.vhost} ${q.type}`,
    },
    { id: 'vhost', header: 'Vhost', width: '7rem', cell: (q) => q.vhost, sortValue: (q) => q.vhost },
    { id: 'type', header: 'Type', width: '6rem', cell: (q) => q.type, sortValue: (q) => q.type },
    {
      id: 'status',
      header: 'Status',
      width: '7rem',
      cell: (q) => <StatusBadge status={q.status} />,
      sortValue: (q) => STATUS_SEVERITY[q.status],
      descFirst: true,
      filterText: (q) => q.status,
    },
    {
      id: 'messages',
      header: 'Messages',
      width: '8rem',
      align: 'right',
      cell: (q) => formatCount(q.messages),
      sortValue: (q) => q.messages,
      descFirst: true,
    },
    {
      id: 'ready',
      header: 'Ready',
      width: '7rem',
      align: 'right',
      cell: (q) => formatCount(q.ready),
      sortValue: (q) => q.ready,
      descFirst: true,
    },
    {
      id: 'unacked',
      header: 'Unacked',
      width: '7rem',
      align: 'right',
      cell: (q) => formatCount(q.unacked),
      sortValue: (q) => q.unacked,
      descFirst: true,
    },
    {
      id: 'consumers',
      header: 'Consumers',
      width: '7rem',
      align: 'right',
      cell: (q) => formatCount(q.consumers),
      sortValue: (q) => q.consumers,
    },
    {
      id: 'age',
      header: 'Head age',
      width: '7rem',
      align: 'right',
      cell: (q) => formatLagSeconds(q.lagSeconds),
      sortValue: (q) => q.lagSeconds,
      descFirst: true,
    },
    {
      id: 'in',
      header: 'Publish',
      width: '7rem',
      align: 'right',
      cell: (q) => formatRate(q.publishRate),
      sortValue: (q) => q.publishRate,
      descFirst: true,
    },
    {
      id: 'out',
      header: 'Ack',
      width: '7rem',
      align: 'right',
      cell: (q) => formatRate(q.ackRate),
      sortValue: (q) => q.ackRate,
      descFirst: true,
    },
    {
      id: 'eta',
      header: 'Time to drain',
      width: '9rem',
      align: 'right',
      cell: (q) => (
        <span className={`text-${etaTone(q.etaState)}`}>{formatEta(q.etaSeconds, q.etaState)}</span>
      ),
      sortValue: (q) => etaRank(q.etaSeconds, q.etaState),
      descFirst: true,
    },
  ];
}

export function QueuesTable({ cluster, queues }: { cluster: string; queues: readonly QueueView[] }) {
  return (
    <DataTable
      rows={queues}
      columns={columns(cluster)}
      rowKey={(q) => `${q.vhost}\u0000${q.queue}`}
      rowTestId={(q) => `queue-row-${q.vhost}-${q.queue}`}
      label="Queues"
      testId="queues"
      initialSort={{ column: 'messages', desc: true }}
      filterPlaceholder="Filter queues by name, vhost, type or status…"
      empty={
        <p className="empty small" data-testid="no-queues">
          No queues yet. Declare a queue on this broker and it appears here on the next sample.
        </p>
      }
    />
  );
}
