'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { drainPage, JOB_POLL, jobQueries } from '@/lib/client/jobs';
import type { JobDetailResponse } from '@/lib/client/jobs-types';
import { pages } from '@/lib/client/paths';
import { DrainLive } from '../recovery/drain-live';
import { DrainPlan, PlanWarnings } from '../recovery/drain-plan';
import { readDrainPlan } from '../recovery/drain-plan-data';
import { PageHeader } from '../ui/breadcrumbs';
import { EmptyState } from '../ui/empty-state';
import { Freshness } from '../ui/freshness';
import { QueryGate } from '../ui/query-gate';
import { JobAudit } from './job-audit';
import { JobCharts, useJobHistory } from './job-charts';
import { JobCheckpoint } from './job-checkpoint';
import { JobControls } from './job-controls';
import { isActive, jobKindLabel } from './job-format';
import { JobProgress, JobStateBadge } from './job-progress';
import { NoJobs } from './jobs-page';

/** One recovery job: what it is, its plan, progress over time, checkpoint, controls and audit trail. */
export function JobPage({ id }: { id: string }) {
  const job = useQuery(jobQueries.detail(id));
  const points = useJobHistory(job.data, job.dataUpdatedAt);
  const active = job.data ? isActive(job.data.job.state) : false;
  return (
    <div className="stack">
      <PageHeader
        crumbs={[{ label: 'Jobs', href: pages.jobs() }, { label: id }]}
        title={`Job ${id}`}
        badges={job.data ? <JobStateBadge job={job.data.job} testId="job-page-state" /> : null}
        aside={
          <Freshness
            updatedAt={job.dataUpdatedAt}
            error={job.error}
            intervalMs={active ? JOB_POLL.active : JOB_POLL.idle}
          />
        }
      />
      <QueryGate query={job} what="the job" testId="job">
        {(d) =>
          d === null ? (
            <>
              <EmptyState title="No such job" testId="job-not-found">
                <p>There is no recovery job with this id.</p>
              </EmptyState>
              <NoJobs />
            </>
          ) : (
            <JobDetail detail={d} points={points} />
          )
        }
      </QueryGate>
    </div>
  );
}

function JobDetail({
  detail,
  points,
}: {
  detail: JobDetailResponse;
  points: ReturnType<typeof useJobHistory>;
}) {
  const { job } = detail;
  const drainPlan = readDrainPlan(job.kind, detail.plan);
  const wizard =
    drainPlan && isActive(job.state)
      ? drainPage(
          drainPlan.kind === 'kafka'
            ? { kind: 'kafka', cluster: job.cluster, group: drainPlan.group }
            : { kind: 'rabbitmq', cluster: job.cluster, vhost: drainPlan.vhost, queue: drainPlan.queue },
          job.id,
        )
      : null;
  return (
    <>
      <section className="card">
        <dl className="kv" data-testid="job-facts">
          <dt>Kind</dt>
          <dd data-testid="job-kind">{jobKindLabel(job.kind)}</dd>
          <dt>Source</dt>
          <dd>
            {job.cluster} · {job.target} <span className="muted small">({job.sourceKey})</span>
          </dd>
          <dt>Created</dt>
          <dd>
            {new Date(job.createdAt).toLocaleString()} by {job.createdBy}
          </dd>
          {job.finishedAt ? (
            <>
              <dt>Finished</dt>
              <dd>{new Date(job.finishedAt).toLocaleString()}</dd>
            </>
          ) : null}
        </dl>
        {wizard ? (
          <p className="small">
            <Link href={wizard}>Open in the drain wizard</Link>
          </p>
        ) : null}
      </section>
      {drainPlan ? (
        <DrainLive detail={detail} points={points} />
      ) : (
        <section className="stack-s" aria-label="Progress">
          {job.error ? (
            <div className="banner error" role="alert" data-testid="job-error">
              <strong>Stopped on an error:</strong> {job.error}
            </div>
          ) : null}
          <JobProgress job={job} />
          <JobCharts points={points} drain={false} />
          {isActive(job.state) ? (
            <section className="card">
              <JobControls job={job} />
            </section>
          ) : null}
        </section>
      )}
      <section aria-labelledby="plan-heading" className="stack-s">
        <h2 id="plan-heading">Plan</h2>
        {drainPlan ? (
          <>
            <PlanWarnings warnings={drainPlan.warnings} refusal={null} />
            <DrainPlan plan={drainPlan} jobId={job.id} />
          </>
        ) : (
          <pre className="card small mono" data-testid="job-plan-json" style={{ overflowX: 'auto' }}>
            {JSON.stringify(detail.plan, null, 2)}
          </pre>
        )}
      </section>
      <section aria-labelledby="checkpoint-heading" className="stack-s">
        <h2 id="checkpoint-heading">Checkpoint</h2>
        <JobCheckpoint detail={detail} />
      </section>
      <section aria-labelledby="audit-heading" className="stack-s">
        <h2 id="audit-heading">Audit trail</h2>
        <JobAudit jobId={job.id} />
      </section>
    </>
  );
}
