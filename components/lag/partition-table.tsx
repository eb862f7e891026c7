'use client';

import Link from 'next/link';
import type { PartitionView } from '@/lib/api/lag-types';
import type { KafkaGroupMember } from '@/lib/api/ui-types';
import { etaRank } from '@/lib/client/backlog';
import { pages } from '@/lib/client/paths';
import { STATUS_SEVERITY } from '@/lib/lag/types';
import { countColumn } from '../table/columns';
import { DataTable } from '../table/data-table';
import type { Column } from '../table/types';
import { StatusBadge } from '../ui/status-badge';
import { etaTone, formatCount, formatEta, formatLagSeconds } from './format';

interface Row extends PartitionView {
  owner: string | null;
}

function columns(cluster: string): Column<Row>[] {
  return [
    {
      id: 'topic',
      header: 'Topic',
      width: 'minmax(12rem, 2fr)',
      cell: (p) => (
        <Link href={pages.topic(cluster, p.topic)} title={p.topic}>
          {p.topic}
        </Link>
      ),
      sortValue: (p) => p.topic,
      filterText: (p) => p.topic,
    },
    {
      id: 'partition',
      header: 'Partition',
      width: '6rem',
      align: 'right',
      cell: (p) => p.partition,
      sortValue: (p) => p.partition,
    },
    {
      id: 'committed',
      header: 'Committed',
      width: '8rem',
      align: 'right',
      cell: (p) =>
        p.committed === null ? <span className="muted">no commit</span> : formatCount(p.committed),
      sortValue: (p) => p.committed,
    },
    countColumn('logStart', 'Log start', (p) => p.logStart, '8rem'),
    countColumn('end', 'End', (p) => p.end, '8rem'),
    {
      id: 'lag',
      header: 'Lag',
      width: '7rem',
      align: 'right',
      cell: (p) => <span className="num">{formatCount(p.lag)}</span>,
      sortValue: (p) => p.lag,
      descFirst: true,
    },
    {
      id: 'lagSeconds',
      header: 'Lag (time)',
      width: '8rem',
      align: 'right',
      cell: (p) => (
        <span title={p.lagSecondsMethod ?? undefined}>
          {formatLagSeconds(p.lagSeconds, p.lagSecondsAtLeast)}
        </span>
      ),
      sortValue: (p) => p.lagSeconds ?? p.lagSecondsAtLeast,
      descFirst: true,
    },
    {
      id: 'status',
      header: 'Status',
      width: '7rem',
      cell: (p) => <StatusBadge status={p.status} />,
      sortValue: (p) => STATUS_SEVERITY[p.status],
      descFirst: true,
      filterText: (p) => p.status,
    },
    {
      id: 'eta',
      header: 'Time to drain',
      width: '8rem',
      align: 'right',
      cell: (p) => (
        <span className={`text-${etaTone(p.etaState)}`}>{formatEta(p.etaSeconds, p.etaState)}</span>
      ),
      sortValue: (p) => etaRank(p.etaSeconds, p.etaState),
      descFirst: true,
    },
    {
      id: 'owner',
      header: 'Consumer',
      width: 'minmax(10rem, 1.5fr)',
      cell: (p) =>
        p.owner ? <span title={p.owner}>{p.owner}</span> : <span className="muted">unassigned</span>,
      sortValue: (p) => p.owner,
      filterText: (p) => p.owner ?? 'unassigned',
    },
  ];
}

/** topic\0partition → "clientId (host)" of the member it is assigned to. */
export function ownerIndex(members: readonly KafkaGroupMember[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of members ?? []) {
    for (const a of m.assignments) {
      for (const p of a.partitions) out.set(`${a.topic}\u0000${p}`, `${m.clientId} (${m.host})`);
    }
  }
  return out;
}

/** Every partition the group commits to or is assigned: offsets, lag, status, rates, owner. */
export function PartitionTable({
  cluster,
  partitions,
  members,
}: {
  cluster: string;
  partitions: readonly PartitionView[];
  members: readonly KafkaGroupMember[] | undefined;
}) {
  const owners = ownerIndex(members);
  const rows: Row[] = partitions.map((p) => ({
    ...p,
    owner: owners.get(`${p.topic}\u0000${p.partition}`) ?? null,
  }));
  return (
    <DataTable
      rows={rows}
      columns={columns(cluster)}
      rowKey={(p) => `${p.topic}\u0000${p.partition}`}
      rowTestId={(p) => `partition-row-${p.topic}-${p.partition}`}
      label="Partitions"
      testId="partitions"
      initialSort={{ column: 'topic', desc: false }}
      filterPlaceholder="Filter by topic, status or consumer…"
      empty={
        <p className="empty small">The group has no partitions: it has neither commits nor assignments.</p>
      }
    />
  );
}
