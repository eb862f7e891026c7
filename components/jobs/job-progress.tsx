import type { JobSummary } from '@/lib/client/jobs-types';
import { formatCount, formatRate } from '../lag/format';
import { Stat, Stats } from '../ui/stat';
import { Pill } from '../ui/status-badge';
import { formatJobEta, formatProgress, formatRateLimit, jobStateLabel, jobStateTone } from './job-format';

export function JobStateBadge({
  job,
  testId = 'job-state',
}: {
  job: Pick<JobSummary, 'state' | 'desiredState'>;
  testId?: string;
}) {
  const asked =
    job.desiredState === 'pause' && job.state === 'running'
      ? ' (pausing…)'
      : job.desiredState === 'cancel' && job.state !== 'cancelled'
        ? ' (cancelling…)'
        : job.desiredState === 'restore' && job.state !== 'restoring' && job.state !== 'completed'
          ? ' (restore asked…)'
          : job.desiredState === 'run' && job.state === 'paused'
            ? ' (resuming…)'
            : '';
  return (
    <span data-testid={testId} data-state={job.state}>
      <Pill tone={jobStateTone(job.state)}>
        {jobStateLabel(job.state)}
        {asked}
      </Pill>
    </span>
  );
}

/** Progress bar and figures of a job: done/total, rate, ETA, rate limit. */
export function JobProgress({ job, doneLabel = 'Done' }: { job: JobSummary; doneLabel?: string }) {
  const { done, total, rate, etaSeconds } = job.progress;
  return (
    <div className="stack-s">
      <progress
        max={total && total > 0 ? total : 1}
        value={total === null ? undefined : total === 0 ? 1 : Math.min(done, total)}
        style={{ width: '100%', height: '1rem' }}
        aria-label={`${doneLabel}: ${formatProgress(done, total)}`}
        data-testid="job-progress-bar"
        data-done={done}
        data-total={total ?? ''}
      />
      <Stats testId="job-figures">
        <Stat label={doneLabel} value={formatProgress(done, total)} raw={done} testId="job-done" />
        <Stat label="Total" value={formatCount(total)} raw={total} testId="job-total" />
        <Stat label="Rate (30 s)" value={formatRate(rate)} raw={rate} testId="job-rate" />
        <Stat label="ETA" value={formatJobEta(job.state, etaSeconds)} raw={etaSeconds} testId="job-eta" />
        <Stat
          label="Rate limit"
          value={formatRateLimit(job.rateLimit)}
          raw={job.rateLimit}
          testId="job-rate-limit"
        />
      </Stats>
    </div>
  );
}
