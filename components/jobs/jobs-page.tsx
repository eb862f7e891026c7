'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { filterJobs, JOB_POLL, type JobsFilter, jobQueries } from '@/lib/client/jobs';
import { JOB_STATES, type JobState, type JobSummary } from '@/lib/client/jobs-types';
import { pages } from '@/lib/client/paths';
import { formatRate } from '../lag/format';
import { DataTable } from '../table/data-table';
import type { Column } from '../table/types';
import { EmptyState } from '../ui/empty-state';
import { Freshness } from '../ui/freshness';
import { QueryGate } from '../ui/query-gate';
import { formatJobEta, formatProgress, jobKindLabel } from './job-format';
import { JobStateBadge } from './job-progress';

const COLUMNS: Column<JobSummary>[] = [
  {
    id: 'id',
    header: 'Job',
    width: 'minmax(9rem, 1fr)',
    cell: (j) => (
      <Link href={pages.job(j.id)} data-testid={`job-link-${j.id}`}>
        {j.id}
      </Link>
    ),
    sortValue: (j) => j.id,
    filterText: (j) => j.id,
  },
  {
    id: 'kind',
    header: 'Kind',
    width: '11rem',
    cell: (j) => jobKindLabel(j.kind),
    sortValue: (j) => j.kind,
    filterText: (j) => `${j.kind} ${jobKindLabel(j.kind)}`,
  },
  {
    id: 'source',
    header: 'Source',
    width: 'minmax(12rem, 2fr)',
    cell: (j) => (
      <span className="truncate" title={j.sourceKey}>
        {j.cluster} · {j.target}
      </span>
    ),
    sortValue: (j) => `${j.cluster} ${j.target}`,
    filterText: (j) => `${j.cluster} ${j.target} ${j.sourceKey}`,
  },
  {
    id: 'state',
    header: 'State',
    width: '9rem',
    cell: (j) => <JobStateBadge job={j} testId={`job-state-${j.id}`} />,
    sortValue: (j) => j.state,
    filterText: (j) => j.state,
  },
  {
    id: 'progress',
    header: 'Progress',
    width: '13rem',
    align: 'right',
    cell: (j) => formatProgress(j.progress.done, j.progress.total),
    sortValue: (j) => j.progress.fraction,
  },
  {
    id: 'rate',
    header: 'Rate',
    width: '7rem',
    align: 'right',
    cell: (j) => formatRate(j.progress.rate),
    sortValue: (j) => j.progress.rate,
    descFirst: true,
  },
  {
    id: 'eta',
    header: 'ETA',
    width: '8rem',
    align: 'right',
    cell: (j) => formatJobEta(j.state, j.progress.etaSeconds),
    sortValue: (j) => j.progress.etaSeconds,
  },
  {
    id: 'created',
    header: 'Created',
    width: '14rem',
    cell: (j) => (
      <span title={new Date(j.createdAt).toISOString()}>
        {new Date(j.createdAt).toLocaleString()} · {j.createdBy}
      </span>
    ),
    sortValue: (j) => j.createdAt,
    filterText: (j) => j.createdBy,
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

/** Recovery jobs of every kind (drains and replays), filterable by state and kind. */
export function JobsPage() {
  const jobs = useQuery(jobQueries.list());
  const [filter, setFilter] = useState<JobsFilter>({});
  const kinds = useMemo(() => [...new Set((jobs.data?.jobs ?? []).map((j) => j.kind))].sort(), [jobs.data]);
  return (
    <div className="stack">
      <div className="page-title">
        <h1>Jobs</h1>
        <span className="spacer" />
        <Freshness updatedAt={jobs.dataUpdatedAt} error={jobs.error} intervalMs={JOB_POLL.list} />
      </div>
      <div className="row gap" data-testid="jobs-filters">
        <label className="row gap-s small">
          State
          <select
            className="input"
            value={filter.state ?? ''}
            onChange={(e) =>
              setFilter({
                ...filter,
                state: (e.target.value || undefined) as JobState | 'active' | undefined,
              })
            }
            data-testid="jobs-filter-state"
          >
            <option value="">any</option>
            <option value="active">active (planned, running, paused, restoring)</option>
            {JOB_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="row gap-s small">
          Kind
          <select
            className="input"
            value={filter.kind ?? ''}
            onChange={(e) => setFilter({ ...filter, kind: e.target.value || undefined })}
            data-testid="jobs-filter-kind"
          >
            <option value="">any</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {jobKindLabel(k)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryGate query={jobs} what="recovery jobs" testId="jobs">
        {(d) => {
          const rows = filterJobs(d.jobs, filter);
          return d.jobs.length > 0 && rows.length === 0 ? (
            <p className="muted" data-testid="jobs-none-match">
              No job matches these filters ({d.jobs.length} in all).
            </p>
          ) : (
            <DataTable
              rows={rows}
              columns={COLUMNS}
              rowKey={(j) => j.id}
              rowTestId={(j) => `job-row-${j.id}`}
              label="Recovery jobs"
              testId="jobs"
              initialSort={{ column: 'created', desc: true }}
              empty={<NoJobs />}
            />
          );
        }}
      </QueryGate>
    </div>
  );
}
