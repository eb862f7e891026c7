'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { type DrainWizardSource, jobActions, jobQueries } from '@/lib/client/jobs';
import type { DrainPlanResponse, DrainRequest } from '@/lib/client/jobs-types';
import { pages } from '@/lib/client/paths';
import { queries } from '@/lib/client/queries';
import { RequireRole } from '../auth/require-role';
import { useJobHistory } from '../jobs/job-charts';
import { PageHeader } from '../ui/breadcrumbs';
import { EmptyState } from '../ui/empty-state';
import { QueryGate } from '../ui/query-gate';
import { DrainFormFields, WizardSteps } from './drain-form';
import { DrainLive } from './drain-live';
import { DrainPlan, PlanWarnings } from './drain-plan';
import { readDrainPlan } from './drain-plan-data';
import {
  buildRequest,
  type DrainForm,
  type DrainSource,
  type FormField,
  initialForm,
  stepOfJob,
  withJobId,
} from './drain-steps';

type WizardSource = DrainWizardSource;

function crumbs(source: WizardSource) {
  const base = [
    { label: 'Overview', href: pages.overview() },
    { label: source.cluster, href: pages.cluster(source.cluster) },
  ];
  return source.kind === 'kafka'
    ? [...base, { label: source.group, href: pages.group(source.cluster, source.group) }, { label: 'Drain' }]
    : [
        ...base,
        { label: source.queue, href: pages.queue(source.cluster, source.vhost, source.queue) },
        { label: 'Drain' },
      ];
}

/**
 * The drain wizard (DESIGN.md "Recovery jobs"): plan (dry run) → confirm (names what will be created) →
 * live progress → restore → done. With `jobId` it shows that job's live steps (a reload keeps the place).
 */
export function DrainWizard({ source, jobId }: { source: WizardSource; jobId: string | null }) {
  const title = source.kind === 'kafka' ? `Drain group ${source.group}` : `Drain queue ${source.queue}`;
  return (
    <div className="stack">
      <PageHeader crumbs={crumbs(source)} title={title} />
      <RequireRole
        atLeast="operator"
        fallback={
          <EmptyState title="Draining needs the operator role" testId="drain-viewer">
            <p>
              You can follow running drains on the <Link href={pages.jobs()}>Jobs</Link> page.
            </p>
          </EmptyState>
        }
      >
        {jobId ? <LiveStep jobId={jobId} /> : <PlanAndConfirm source={source} />}
      </RequireRole>
    </div>
  );
}

function LiveStep({ jobId }: { jobId: string }) {
  const detail = useQuery(jobQueries.detail(jobId));
  const points = useJobHistory(detail.data, detail.dataUpdatedAt);
  return (
    <QueryGate query={detail} what="the drain job" testId="drain-job">
      {(d) =>
        d === null ? (
          <EmptyState title="No such job" testId="drain-job-missing">
            <p>
              There is no job {jobId}. See the <Link href={pages.jobs()}>Jobs</Link> page.
            </p>
          </EmptyState>
        ) : (
          <>
            <WizardSteps current={stepOfJob(d.job.state, d.job.desiredState)} />
            <DrainLive detail={d} points={points} />
          </>
        )
      }
    </QueryGate>
  );
}

/** Group topics (with their backlog) and members, or the queue's consumers, for the form. */
function useSourceFacts(source: WizardSource) {
  const group = useQuery({
    ...queries.group(source.cluster, source.kind === 'kafka' ? source.group : '', '15m'),
    enabled: source.kind === 'kafka',
  });
  const queue = useQuery({
    ...queries.queue(
      source.cluster,
      source.kind === 'rabbitmq' ? source.vhost : '',
      source.kind === 'rabbitmq' ? source.queue : '',
      '15m',
    ),
    enabled: source.kind === 'rabbitmq',
  });
  return source.kind === 'kafka' ? { kind: 'kafka' as const, group } : { kind: 'rabbitmq' as const, queue };
}

function PlanAndConfirm({ source }: { source: WizardSource }) {
  const facts = useSourceFacts(source);
  if (facts.kind === 'kafka') {
    return (
      <QueryGate query={facts.group} what="the consumer group" testId="drain-source">
        {(d) => {
          const backlog = new Map<string, number | null>();
          for (const p of d.partitions) backlog.set(p.topic, (backlog.get(p.topic) ?? 0) + (p.lag ?? 0));
          const drainSource: DrainSource = {
            kind: 'kafka',
            cluster: source.cluster,
            group: d.group.group,
            topics: d.group.topics,
          };
          return <WizardForm source={drainSource} members={d.group.members} topicBacklog={backlog} />;
        }}
      </QueryGate>
    );
  }
  const s = source as Extract<WizardSource, { kind: 'rabbitmq' }>;
  const drainSource: DrainSource = { kind: 'rabbitmq', cluster: s.cluster, vhost: s.vhost, queue: s.queue };
  return <WizardForm source={drainSource} members={facts.queue.data?.queue.consumers ?? null} />;
}

function WizardForm({
  source,
  members,
  topicBacklog,
}: {
  source: DrainSource;
  members: number | null;
  topicBacklog?: Map<string, number | null>;
}) {
  const router = useRouter();
  const client = useQueryClient();
  const [form, setForm] = useState<DrainForm>(() => initialForm(source));
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [planned, setPlanned] = useState<{ body: DrainRequest; result: DrainPlanResponse } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const plan = useMutation({
    mutationFn: (body: DrainRequest) => jobActions.plan(body).then((result) => ({ body, result })),
    onSuccess: (p) => setPlanned(p),
  });
  const start = useMutation({
    mutationFn: (body: DrainRequest) => jobActions.start(body),
    onSuccess: (job) => {
      void client.invalidateQueries({ queryKey: ['jobs'] });
      const q = new URLSearchParams(window.location.search);
      q.set('job', job.id);
      router.replace(`${window.location.pathname}?${q.toString()}`);
    },
  });
  const view = useMemo(
    () => (planned ? readDrainPlan(planned.result.kind, planned.result.plan, planned.result.warnings) : null),
    [planned],
  );
  const onChange = (f: DrainForm) => {
    setForm(f);
    // A changed form makes the plan stale: plan again before confirming.
    setPlanned(null);
    setConfirming(false);
    start.reset();
  };
  const onPlan = () => {
    const built = buildRequest(source, form);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    plan.mutate(built.body);
  };
  const step = confirming && planned ? 'confirm' : 'plan';
  return (
    <div className="stack">
      <WizardSteps current={step} />
      {step === 'plan' ? (
        <section className="card stack-s" aria-labelledby="plan-heading">
          <h2 id="plan-heading" style={{ margin: 0 }}>
            1. Plan (dry run: nothing is created)
          </h2>
          <DrainFormFields
            source={source}
            form={form}
            onChange={onChange}
            errors={errors}
            topicBacklog={topicBacklog}
            activeMembers={members}
          />
          <div className="row gap">
            <button
              type="button"
              className="button"
              onClick={onPlan}
              disabled={plan.isPending}
              data-testid="drain-plan-button"
            >
              {plan.isPending ? 'Planning…' : planned ? 'Plan again' : 'Plan the drain'}
            </button>
          </div>
          {plan.error ? (
            <p className="banner error" role="alert" data-testid="drain-plan-error">
              <strong>Cannot plan:</strong> {plan.error.message}
            </p>
          ) : null}
        </section>
      ) : null}
      {planned && view ? (
        <section className="card stack-s" aria-labelledby="planned-heading" data-testid="drain-planned">
          <h2 id="planned-heading" style={{ margin: 0 }}>
            {step === 'plan' ? 'The plan' : '2. Confirm'}
          </h2>
          <PlanWarnings warnings={view.warnings} refusal={planned.result.refusal} />
          <DrainPlan plan={view} jobId={null} />
          {step === 'plan' ? (
            <div className="row gap">
              <button
                type="button"
                className="button primary"
                disabled={planned.result.refusal !== null}
                onClick={() => setConfirming(true)}
                data-testid="drain-continue"
              >
                Continue to confirm
              </button>
              {planned.result.refusal ? (
                <span className="small muted">
                  Fix what the refusal names (or force, when allowed), then plan again.
                </span>
              ) : null}
            </div>
          ) : (
            <Confirm
              view={view}
              body={planned.body}
              pending={start.isPending}
              onBack={() => setConfirming(false)}
              onStart={() => start.mutate(planned.body)}
            />
          )}
          {start.error ? (
            <p className="banner error" role="alert" data-testid="drain-start-error">
              <strong>The drain did not start:</strong> {start.error.message}
            </p>
          ) : null}
        </section>
      ) : planned ? (
        <pre className="card small" data-testid="drain-plan-lines">
          {planned.result.lines.join('\n')}
        </pre>
      ) : null}
    </div>
  );
}

function Confirm({
  view,
  body,
  pending,
  onBack,
  onStart,
}: {
  view: NonNullable<ReturnType<typeof readDrainPlan>>;
  body: DrainRequest;
  pending: boolean;
  onBack: () => void;
  onStart: () => void;
}) {
  const rate =
    body.rateLimit === null ? 'no rate limit' : `at most ${body.rateLimit.toLocaleString('en-US')} msg/s`;
  return (
    <div className="banner info stack-s" data-testid="drain-confirm">
      <strong>Starting the drain will:</strong>
      {view.kind === 'kafka' ? (
        <ul>
          <li>
            create topic <code>{withJobId(view.tempTopic, null)}</code> (the job id replaces{' '}
            <code>j-&lt;id&gt;</code>) with {view.tempPartitions} partitions and replication factor{' '}
            {`${view.replicationFactor ?? '?'};`}
          </li>
          <li>
            copy the backlog of <code>{view.topic}</code> from group <code>{view.group}</code>’s committed
            offsets, keyed (same key → same temp partition), {rate}, and keep following new messages until you
            restore;
          </li>
          <li>
            use a private consumer group for the dispatcher; the group <code>{view.group}</code> is not
            touched until the restore sets it to the cut-over offsets.
          </li>
        </ul>
      ) : (
        <ul>
          <li>
            declare {view.tempQueues.length} durable temp queues in vhost <code>{view.vhost}</code> (checked
            against the policies that could match them);
          </li>
          <li>
            move the messages of <code>{view.queue}</code> by key <code>{view.key}</code>, {rate}, acking each
            only after the temp queue confirmed it;
          </li>
          <li>delete the temp queues at the restore, once they are empty.</li>
        </ul>
      )}
      {body.force ? (
        <p className="text-warn small" data-testid="drain-confirm-forced">
          Forced: it starts even though the source has active consumers.
        </p>
      ) : null}
      <div className="row gap">
        <button type="button" className="button" onClick={onBack} disabled={pending}>
          Back
        </button>
        <button
          type="button"
          className="button primary"
          onClick={onStart}
          disabled={pending}
          data-testid="drain-start"
        >
          {pending ? 'Starting…' : 'Start the drain'}
        </button>
      </div>
    </div>
  );
}
