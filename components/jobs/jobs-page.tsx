'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { JobSummary } from '@/lib/client/jobs-types';
import { pages } from '@/lib/client/paths';
import { POLL, queries } from '@/lib/client/queries';
import { formatEta, formatPercent } from '../lag/format';
import { DataTable } from '../table/data-table';
import type { Column } from '../table/types';
import { EmptyState } from '../ui/empty-state';
import { Freshness } from '../ui/freshness';
import { QueryGate } from '../ui/query-gate';

const COLUMNS: Column<JobSummary>[] = [
  {
    id: 'id',
    header: 'Job',
    width: 'minmax(10rem, 1fr)',
    cell: (j) => <Link href={pages.job(j.id)}>{j.id}</Link>,
    sortValue: (j) => j.id,
    filterText: (j) => j.id,
  },
  {
    id: 'kind',
    header: 'Kind',
    width: '8rem',
    cell: (j) => j.kind,
    sortValue: (j) => j.kind,
    filterText: (j) => j.kind,
  },
  {
    id: 'state',
    header: 'State',
    width: '8rem',
    cell: (j) => j.state,
    sortValue: (j) => j.state,
    filterText: (j) => j.state,
  },
  {
    id: 'target',
    header: 'Target',
    width: 'minmax(12rem, 2fr)',
    cell: (j) => `${j.cluster} · ${j.target}`,
    filterText: (j) => `${j.cluster} ${j.target}`,
  },
  {
    id: 'progress',
    header: 'Progress',
    width: '7rem',
    align: 'right',
    cell: (j) => formatPercent(j.progress),
    sortValue: (j) => j.progress,
  },
  {
    id: 'eta',
    header: 'ETA',
    width: '8rem',
    align: 'right',
    cell: (j) => formatEta(j.etaSeconds, j.etaSeconds === null ? 'unknown' : 'draining'),
  },
  {
    id: 'created',
    header: 'Created',
    width: '12rem',
    cell: (j) => new Date(j.createdAt).toLocaleString(),
    sortValue: (j) => j.createdAt,
    descFirst: true,
  },
];

export function NoJobs() {
  return (
    <EmptyState title="No recovery jobs yet — drains and replays appear here" testId="no-jobs">
      <p>
        A recovery job is started from a consumer group or queue page (Recovery section): drain a backlog
        through temporary partitions or queues, replay expired or lost messages, or reset offsets with an
        undo. Each job shows its plan, progress and ETA here, with pause, resume and cancel.
      </p>
    </EmptyState>
  );
}

/** Recovery jobs: the list the drain and replay features fill in. */
export function JobsPage() {
  const jobs = useQuery(queries.jobs());
  return (
    <div className="stack">
      <div className="page-title">
        <h1>Jobs</h1>
        <span className="spacer" />
        <Freshness updatedAt={jobs.dataUpdatedAt} error={jobs.error} intervalMs={POLL.cluster} />
      </div>
      <QueryGate query={jobs} what="recovery jobs" testId="jobs">
        {(d) => (
          <DataTable
            rows={d.jobs}
            columns={COLUMNS}
            rowKey={(j) => j.id}
            label="Recovery jobs"
            testId="jobs"
            initialSort={{ column: 'created', desc: true }}
            empty={<NoJobs />}
          />
        )}
      </QueryGate>
    </div>
  );
}
