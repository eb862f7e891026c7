'use client';

import Link from 'next/link';
import type { JobDetailResponse } from '@/lib/client/jobs-types';
import { pages } from '@/lib/client/paths';
import { JobCharts, type JobPoint } from '../jobs/job-charts';
import { JobControls } from '../jobs/job-controls';
import { formatFinish, isTerminal } from '../jobs/job-format';
import { JobProgress, JobStateBadge } from '../jobs/job-progress';
import { formatCount } from '../lag/format';
import { Stat, Stats } from '../ui/stat';
import {
  cutoverOf,
  type DrainPlanView,
  nextOffsetsOf,
  RESTORE_STEP_LABEL,
  readDrainPlan,
  restoreStepOf,
} from './drain-plan-data';
import { workerInstructions } from './drain-steps';

/**
 * A running drain: progress, workers and temp lag, charts, what to run, the controls and — once asked —
 * the restore with its cut-over offsets. Used by the wizard's live step and by the job page.
 */
export function DrainLive({ detail, points }: { detail: JobDetailResponse; points: JobPoint[] }) {
  const { job } = detail;
  const plan = readDrainPlan(job.kind, detail.plan);
  const drain = detail.drain ?? null;
  const restoring = job.state === 'restoring' || (job.desiredState === 'restore' && !isTerminal(job.state));
  return (
    <div className="stack" data-testid="drain-live" data-state={job.state}>
      <div className="row gap">
        <JobStateBadge job={job} />
        <span className="small muted">
          job <code data-testid="drain-job-id">{job.id}</code> · {job.cluster} · {job.target}
        </span>
      </div>
      {job.error ? (
        <div className="banner error" role="alert" data-testid="job-error">
          <strong>Stopped on an error:</strong> {job.error}. Nothing acknowledged is lost; resume once the
          cause is fixed.
        </div>
      ) : null}
      {detail.liveError ? (
        <div className="banner warn" data-testid="drain-live-error">
          Cannot read the workers and temp lag right now: {detail.liveError}
        </div>
      ) : null}
      <JobProgress job={job} doneLabel="Dispatched" />
      <Stats testId="drain-figures">
        <Stat label="Factor" value={drain?.factor ?? plan?.factor ?? '—'} raw={drain?.factor ?? null} />
        <Stat
          label="Workers"
          value={formatCount(drain?.workers)}
          raw={drain?.workers ?? null}
          hint={plan?.kind === 'kafka' ? `of up to ${formatCount(plan.tempPartitions)}` : undefined}
          testId="drain-workers"
        />
        <Stat
          label="Temp lag"
          value={formatCount(drain?.tempLag)}
          raw={drain?.tempLag ?? null}
          hint="left for the workers"
          testId="drain-temp-lag"
        />
        <Stat
          label="Workers finish"
          value={formatFinish(job.state, drain?.finishSeconds ?? null)}
          raw={drain?.finishSeconds ?? null}
          hint={
            drain?.workersRate === null || drain?.workersRate === undefined
              ? 'consume rate: measuring'
              : `consuming ${formatCount(Math.round(drain.workersRate))} msg/s`
          }
          testId="drain-finish"
        />
      </Stats>
      <JobCharts points={points} drain />
      {restoring || job.state === 'completed' ? <RestorePanel detail={detail} plan={plan} /> : null}
      {!isTerminal(job.state) && !restoring && plan ? <Instructions plan={plan} jobId={job.id} /> : null}
      {!isTerminal(job.state) ? (
        <section className="card stack-s" aria-label="Controls">
          <JobControls
            job={job}
            restoreHelp={plan ? <RestoreHelp plan={plan} jobId={job.id} /> : undefined}
          />
        </section>
      ) : null}
      {isTerminal(job.state) ? <Finished detail={detail} plan={plan} /> : null}
    </div>
  );
}

function Instructions({ plan, jobId }: { plan: DrainPlanView; jobId: string }) {
  const lines =
    plan.kind === 'kafka'
      ? workerInstructions({
          kind: 'kafka',
          tempTopic: plan.tempTopic.replace('j-<id>', jobId),
          tempGroup: plan.tempGroup.replace('j-<id>', jobId),
          tempPartitions: plan.tempPartitions,
        })
      : workerInstructions({
          kind: 'rabbitmq',
          tempQueues: plan.tempQueues.map((q) => q.name),
          vhost: plan.vhost,
        });
  return (
    <section className="card stack-s" aria-labelledby="workers-heading" data-testid="drain-instructions">
      <h3 id="workers-heading" style={{ margin: 0 }}>
        Run the workers
      </h3>
      {plan.kind === 'kafka' ? (
        <p className="small">
          Topic <code data-testid="drain-temp-topic">{plan.tempTopic}</code>, group{' '}
          <code data-testid="drain-temp-group">{plan.tempGroup}</code>
        </p>
      ) : (
        <ul className="plain small mono" data-testid="drain-temp-queues">
          {plan.tempQueues.map((q) => (
            <li key={q.name}>{q.name}</li>
          ))}
        </ul>
      )}
      <ol className="small">
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ol>
    </section>
  );
}

function RestoreHelp({ plan, jobId }: { plan: DrainPlanView; jobId: string }) {
  if (plan.kind === 'kafka') {
    return (
      <ol className="small">
        <li>The dispatcher stops; the offsets it reached become the cut-over, one per source partition.</li>
        <li>
          Spillway waits until the workers’ group <code>{plan.tempGroup.replace('j-<id>', jobId)}</code> has
          temp lag 0 (keep the workers running).
        </li>
        <li>
          The group <code>{plan.group}</code> is set to the cut-over offsets: the original consumers resume
          with exactly the messages that arrived after it.
        </li>
        <li>
          The temp topic <code>{plan.tempTopic.replace('j-<id>', jobId)}</code> is deleted.
        </li>
      </ol>
    );
  }
  return (
    <ol className="small">
      <li>The dispatcher stops taking messages from {plan.queue}.</li>
      <li>Spillway waits until every temp queue is empty with nothing unacked (keep the workers running).</li>
      <li>
        The {plan.tempQueues.length} temp queues are deleted (if empty); the original consumers take over.
      </li>
    </ol>
  );
}

function RestorePanel({ detail, plan }: { detail: JobDetailResponse; plan: DrainPlanView | null }) {
  const cutover = cutoverOf(detail.checkpoint);
  const step = restoreStepOf(detail.checkpoint);
  const tempLag = detail.drain?.tempLag ?? null;
  const next = nextOffsetsOf(detail.checkpoint);
  return (
    <section className="card stack-s" aria-labelledby="restore-heading" data-testid="drain-restore">
      <h3 id="restore-heading" style={{ margin: 0 }}>
        Restore
      </h3>
      <p className="small" data-testid="drain-restore-step">
        {detail.job.state === 'completed'
          ? 'Restored: the original layout is back.'
          : step
            ? `Step: ${RESTORE_STEP_LABEL[step] ?? step}.`
            : 'Stopping the dispatcher and recording the cut-over…'}
        {detail.job.state === 'restoring' && (step === 'wait-lag' || step === 'wait-empty')
          ? ` Temp lag now: ${formatCount(tempLag)} (waiting for 0).`
          : ''}
      </p>
      {plan?.kind === 'kafka' ? (
        cutover ? (
          <table className="simple-table" data-testid="drain-cutover">
            <caption className="small muted" style={{ textAlign: 'left' }}>
              Cut-over offsets: group {plan.group} continues from here
            </caption>
            <thead>
              <tr>
                <th scope="col">Partition</th>
                <th scope="col" className="num">
                  Cut-over offset
                </th>
              </tr>
            </thead>
            <tbody>
              {cutover.map((c) => (
                <tr key={c.partition} data-testid={`cutover-${c.partition}`}>
                  <td>{c.partition}</td>
                  <td className="num">{formatCount(c.offset)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="small muted">
            The cut-over is recorded when the dispatcher stops (now at{' '}
            {[...next.entries()].map(([p, o]) => `p${p}: ${formatCount(o)}`).join(', ') || 'no offsets yet'}).
          </p>
        )
      ) : null}
    </section>
  );
}

function Finished({ detail, plan }: { detail: JobDetailResponse; plan: DrainPlanView | null }) {
  const { job } = detail;
  const back =
    plan?.kind === 'kafka'
      ? { href: pages.group(job.cluster, plan.group), label: `group ${plan.group}` }
      : plan?.kind === 'rabbitmq'
        ? { href: pages.queue(job.cluster, plan.vhost, plan.queue), label: `queue ${plan.queue}` }
        : null;
  return (
    <section
      className={`banner ${job.state === 'completed' ? 'info' : 'warn'}`}
      data-testid="drain-finished"
      data-state={job.state}
    >
      <strong>
        {job.state === 'completed'
          ? 'Drain completed.'
          : job.state === 'cancelled'
            ? 'Drain cancelled.'
            : 'Drain failed.'}
      </strong>{' '}
      {job.state === 'completed'
        ? `${formatCount(job.progress.done)} messages went through the temp ${plan?.kind === 'rabbitmq' ? 'queues' : 'topic'}; the original consumers continue from the cut-over.`
        : (job.error ?? '')}{' '}
      {back ? <Link href={back.href}>Back to {back.label}</Link> : null} ·{' '}
      <Link href={pages.jobs()}>All jobs</Link>
    </section>
  );
}
