'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { jobQueries, jobsForSource } from '@/lib/client/jobs';
import { pages, splitQueueTarget } from '@/lib/client/paths';
import { formatProgress, isActive, jobKindLabel } from '../jobs/job-format';
import { JobStateBadge } from '../jobs/job-progress';

/** The recovery jobs of this group or queue (active first, then the last three finished), with links. */
export function SourceJobs({
  cluster,
  entity,
  kind,
}: {
  cluster: string;
  entity: string;
  kind: 'group' | 'queue';
}) {
  const list = useQuery(jobQueries.list());
  const source =
    kind === 'group' ? { kind, cluster, group: entity } : { kind, cluster, ...splitQueueTarget(entity) };
  const mine = jobsForSource(list.data?.jobs ?? [], source);
  if (mine.length === 0) return null;
  const active = mine.filter((j) => isActive(j.state));
  const shown = [...active, ...mine.filter((j) => !isActive(j.state)).slice(0, 3)];
  return (
    <ul className="plain stack-s small" data-testid="source-jobs" aria-label="Recovery jobs of this source">
      {shown.map((j) => (
        <li key={j.id} className="row gap" data-testid={`source-job-${j.id}`}>
          <JobStateBadge job={j} testId={`source-job-state-${j.id}`} />
          <Link href={pages.job(j.id)}>
            {jobKindLabel(j.kind)} {j.id}
          </Link>
          <span className="muted">{formatProgress(j.progress.done, j.progress.total)}</span>
        </li>
      ))}
    </ul>
  );
}
