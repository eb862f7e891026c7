'use client';

import type { TopicDetail } from '@/lib/api/lag-types';
import type { KafkaPartitionInfo, UiTopicResponse } from '@/lib/api/ui-types';
import { formatCount, formatRate } from '../lag/format';
import { countColumn } from '../table/columns';
import { DataTable } from '../table/data-table';
import type { Column } from '../table/types';

export interface TopicPartitionRow {
  partition: number;
  leader: number | null;
  replicas: number[];
  isr: number[];
  offline: boolean;
  logStart: number | null;
  end: number | null;
  inRate: number | null;
}

/** Live offsets from the sampler joined with leaders/replicas/ISR from the cluster (either may be missing). */
export function partitionRows(
  live: TopicDetail | undefined,
  info: UiTopicResponse | undefined,
): TopicPartitionRow[] {
  const byId = new Map<number, KafkaPartitionInfo>((info?.partitions ?? []).map((p) => [p.partition, p]));
  const ids = new Set<number>([...byId.keys(), ...(live?.partitionList ?? []).map((p) => p.partition)]);
  const liveById = new Map((live?.partitionList ?? []).map((p) => [p.partition, p]));
  return [...ids]
    .sort((a, b) => a - b)
    .map((id) => {
      const i = byId.get(id);
      const l = liveById.get(id);
      return {
        partition: id,
        leader: i?.leader ?? null,
        replicas: i?.replicas ?? [],
        isr: i?.isr ?? [],
        offline: i?.offline ?? false,
        logStart: l?.logStart ?? i?.logStart ?? null,
        end: l?.end ?? i?.end ?? null,
        inRate: l?.inRate ?? null,
      };
    });
}

function columns(brokers: Record<number, string>, known: boolean): Column<TopicPartitionRow>[] {
  const node = (id: number | null) =>
    id === null ? '—' : brokers[id] ? `${id} (${brokers[id]})` : String(id);
  const unknown = <span className="muted">…</span>;
  return [
    {
      id: 'partition',
      header: 'Partition',
      width: '6rem',
      align: 'right',
      cell: (p) => p.partition,
      sortValue: (p) => p.partition,
    },
    {
      id: 'leader',
      header: 'Leader',
      width: 'minmax(10rem, 1.5fr)',
      cell: (p) =>
        !known ? unknown : p.offline ? <span className="text-err">offline</span> : node(p.leader),
      sortValue: (p) => p.leader,
    },
    {
      id: 'replicas',
      header: 'Replicas',
      width: '8rem',
      cell: (p) => (known ? p.replicas.join(', ') : unknown),
    },
    {
      id: 'isr',
      header: 'ISR',
      width: '8rem',
      cell: (p) =>
        known ? (
          <span
            className={p.isr.length < p.replicas.length ? 'text-err' : undefined}
            title={p.isr.length < p.replicas.length ? 'under-replicated' : 'in sync'}
          >
            {p.isr.join(', ')}
          </span>
        ) : (
          unknown
        ),
      sortValue: (p) => p.isr.length - p.replicas.length,
    },
    countColumn('logStart', 'Log start', (p) => p.logStart, '9rem'),
    { ...countColumn('end', 'End', (p) => p.end, '9rem'), descFirst: true },
    {
      id: 'messages',
      header: 'Messages',
      width: '9rem',
      align: 'right',
      cell: (p) => formatCount(p.end !== null && p.logStart !== null ? p.end - p.logStart : null),
      sortValue: (p) => (p.end !== null && p.logStart !== null ? p.end - p.logStart : null),
      descFirst: true,
    },
    {
      id: 'in',
      header: 'In',
      width: '7rem',
      align: 'right',
      cell: (p) => formatRate(p.inRate),
      sortValue: (p) => p.inRate,
      descFirst: true,
    },
  ];
}

export function TopicPartitions({
  rows,
  info,
}: {
  rows: TopicPartitionRow[];
  info: UiTopicResponse | undefined;
}) {
  return (
    <DataTable
      rows={rows}
      columns={columns(info?.brokers ?? {}, info !== undefined)}
      rowKey={(p) => String(p.partition)}
      rowTestId={(p) => `topic-partition-${p.partition}`}
      label="Partitions"
      testId="topic-partitions"
      initialSort={{ column: 'partition', desc: false }}
      filterPlaceholder="Filter…"
      empty={<p className="empty small">No partition read yet.</p>}
    />
  );
}
