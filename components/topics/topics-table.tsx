'use client';

import Link from 'next/link';
import type { TopicView } from '@/lib/api/lag-types';
import { pages } from '@/lib/client/paths';
import { formatCount, formatRate } from '../lag/format';
import { DataTable } from '../table/data-table';
import type { Column } from '../table/types';
import { DemoBadge } from '../ui/demo-badge';

function columns(cluster: string): Column<TopicView>[] {
  return [
    {
      id: 'topic',
      header: 'Topic',
      width: 'minmax(14rem, 3fr)',
      cell: (t) => (
        <span className="row gap-s truncate">
          <Link href={pages.topic(cluster, t.topic)} className="truncate" title={t.topic}>
            {t.topic}
          </Link>
          <DemoBadge name={t.topic} />
        </span>
      ),
      sortValue: (t) => t.topic,
      filterText: (t) => t.topic,
    },
    {
      id: 'partitions',
      header: 'Partitions',
      width: '7rem',
      align: 'right',
      cell: (t) => formatCount(t.partitions),
      sortValue: (t) => t.partitions,
      descFirst: true,
    },
    {
      id: 'messages',
      header: 'Messages',
      width: '9rem',
      align: 'right',
      cell: (t) => formatCount(t.messages),
      sortValue: (t) => t.messages,
      descFirst: true,
    },
    {
      id: 'in',
      header: 'In',
      width: '7rem',
      align: 'right',
      cell: (t) => formatRate(t.inRate),
      sortValue: (t) => t.inRate,
      descFirst: true,
    },
    {
      id: 'groups',
      header: 'Read by',
      width: 'minmax(12rem, 2fr)',
      cell: (t) =>
        t.groups.length === 0 ? (
          <span className="muted">no group</span>
        ) : (
          <span title={t.groups.join(', ')}>{t.groups.join(', ')}</span>
        ),
      sortValue: (t) => t.groups.length,
      descFirst: true,
      filterText: (t) => t.groups.join(' '),
    },
  ];
}

export function TopicsTable({ cluster, topics }: { cluster: string; topics: readonly TopicView[] }) {
  return (
    <DataTable
      rows={topics}
      columns={columns(cluster)}
      rowKey={(t) => t.topic}
      rowTestId={(t) => `topic-row-${t.topic}`}
      label="Topics"
      testId="topics"
      initialSort={{ column: 'topic', desc: false }}
      filterPlaceholder="Filter topics by name or group…"
      empty={
        <p className="empty small" data-testid="no-topics">
          No topics yet. Produce to a topic (the embedded broker creates it on first use) and it appears here.
        </p>
      }
    />
  );
}
