'use client';

import { useQuery } from '@tanstack/react-query';
import { pages } from '@/lib/client/paths';
import { queries } from '@/lib/client/queries';
import { formatPercent } from '../lag/format';
import { PageHeader } from '../ui/breadcrumbs';
import { EmptyState } from '../ui/empty-state';
import { QueryGate } from '../ui/query-gate';
import { NoJobs } from './jobs-page';

/** One recovery job: the shell the drain and replay features fill with plan, steps and controls. */
export function JobPage({ id }: { id: string }) {
  const job = useQuery(queries.job(id));
  return (
    <div className="stack">
      <PageHeader crumbs={[{ label: 'Jobs', href: pages.jobs() }, { label: id }]} title={`Job ${id}`} />
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
            <section className="card">
              <dl className="kv">
                <dt>Kind</dt>
                <dd>{d.job.kind}</dd>
                <dt>State</dt>
                <dd>{d.job.state}</dd>
                <dt>Target</dt>
                <dd>
                  {d.job.cluster} · {d.job.target}
                </dd>
                <dt>Progress</dt>
                <dd>{formatPercent(d.job.progress)}</dd>
              </dl>
              {d.steps ? (
                <ol>
                  {d.steps.map((s) => (
                    <li key={s.name}>
                      {s.name}: {s.state}
                      {s.detail ? ` — ${s.detail}` : ''}
                    </li>
                  ))}
                </ol>
              ) : null}
            </section>
          )
        }
      </QueryGate>
    </div>
  );
}
