import { formatCount, formatDuration, formatRate } from '../lag/format';
import { countColumn } from '../table/columns';
import { DataTable } from '../table/data-table';
import type { Column } from '../table/types';
import { Stat, Stats } from '../ui/stat';
import type { DrainPlanView, KafkaPartitionRow, RabbitDrainPlanView } from './drain-plan-data';
import { withJobId } from './drain-steps';

const PARTITION_COLUMNS: Column<KafkaPartitionRow>[] = [
  {
    id: 'partition',
    header: 'Partition',
    width: '7rem',
    align: 'right',
    cell: (p) => p.partition,
    sortValue: (p) => p.partition,
    filterText: (p) => String(p.partition),
  },
  {
    id: 'committed',
    header: 'Committed',
    width: '9rem',
    align: 'right',
    cell: (p) => (p.committed === null ? 'no commit' : formatCount(p.committed)),
    sortValue: (p) => p.committed,
  },
  countColumn('start', 'Copy from', (p) => p.start, '9rem'),
  countColumn('end', 'Log end', (p) => p.end, '9rem'),
  { ...countColumn('backlog', 'Backlog', (p) => p.backlog, '9rem'), descFirst: true },
];

const eta = (s: number | null) => (s === null ? 'unknown' : `~${formatDuration(s)}`);

/** Warnings first and loud: the operator must read them before confirming. */
export function PlanWarnings({ warnings, refusal }: { warnings: string[]; refusal: string | null }) {
  if (!refusal && warnings.length === 0) {
    return (
      <p className="small muted" data-testid="drain-no-warnings">
        No warnings for this drain.
      </p>
    );
  }
  return (
    <div className="stack-s">
      {refusal ? (
        <div className="banner error" role="alert" data-testid="drain-refusal">
          <strong>The drain would be refused now:</strong> {refusal}
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <div className="banner warn" data-testid="drain-warnings">
          <strong>Warnings</strong>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** The dry-run plan (or a job's confirmed plan): what will be created, the backlog, the ETAs. */
export function DrainPlan({ plan, jobId }: { plan: DrainPlanView; jobId: string | null }) {
  return plan.kind === 'kafka' ? (
    <KafkaPlan plan={plan} jobId={jobId} />
  ) : (
    <RabbitPlan plan={plan} jobId={jobId} />
  );
}

function KafkaPlan({
  plan,
  jobId,
}: {
  plan: Extract<DrainPlanView, { kind: 'kafka' }>;
  jobId: string | null;
}) {
  return (
    <div className="stack-s" data-testid="drain-plan" data-kind="kafka">
      <Stats testId="drain-plan-figures">
        <Stat label="Backlog" value={formatCount(plan.backlog)} raw={plan.backlog} testId="plan-backlog" />
        <Stat label="Consume rate now" value={formatRate(plan.consumeRate)} raw={plan.consumeRate} />
        <Stat label="ETA now" value={eta(plan.etaSeconds)} raw={plan.etaSeconds} testId="plan-eta" />
        <Stat
          label={`ETA with ${plan.factor}× consumers`}
          value={eta(plan.etaSecondsWithFactor)}
          raw={plan.etaSecondsWithFactor}
          tone={plan.etaSecondsWithFactor === null ? undefined : 'ok'}
          hint={
            plan.consumeRate === null ? 'needs the group’s consume rate; it is not consuming now' : undefined
          }
          testId="plan-eta-factor"
        />
        <Stat
          label="Active members"
          value={formatCount(plan.activeMembers)}
          raw={plan.activeMembers}
          tone={plan.activeMembers > 0 ? 'warn' : undefined}
          testId="plan-members"
        />
      </Stats>
      <dl className="kv" data-testid="drain-plan-temp">
        <dt>Temp topic</dt>
        <dd>
          <code data-testid="plan-temp-topic">{withJobId(plan.tempTopic, jobId)}</code> —{' '}
          {formatCount(plan.tempPartitions)} partitions ({plan.factor} × {formatCount(plan.sourcePartitions)}
          ), replication factor {formatCount(plan.replicationFactor)}
        </dd>
        <dt>Workers’ group</dt>
        <dd>
          <code data-testid="plan-temp-group">{withJobId(plan.tempGroup, jobId)}</code>
        </dd>
        <dt>Source</dt>
        <dd>
          topic <code>{plan.topic}</code>, group <code>{plan.group}</code> (the original partitions are never
          changed: adding partitions would remap keys)
        </dd>
      </dl>
      <DataTable
        rows={plan.partitions}
        columns={PARTITION_COLUMNS}
        rowKey={(p) => String(p.partition)}
        label="Backlog per source partition"
        testId="plan-partitions"
        initialSort={{ column: 'partition', desc: false }}
        maxHeight={260}
        empty={<p className="muted">No partitions.</p>}
      />
    </div>
  );
}

function RabbitPlan({ plan, jobId }: { plan: RabbitDrainPlanView; jobId: string | null }) {
  return (
    <div className="stack-s" data-testid="drain-plan" data-kind="rabbitmq">
      <Stats testId="drain-plan-figures">
        <Stat label="Ready" value={formatCount(plan.ready)} raw={plan.ready} testId="plan-backlog" />
        <Stat label="Unacked" value={formatCount(plan.unacked)} raw={plan.unacked} />
        <Stat label="ETA now" value={eta(plan.etaSeconds)} raw={plan.etaSeconds} testId="plan-eta" />
        <Stat
          label={`ETA with ${plan.factor} queues`}
          value={eta(plan.etaSecondsWithFactor)}
          raw={plan.etaSecondsWithFactor}
          tone={plan.etaSecondsWithFactor === null ? undefined : 'ok'}
          testId="plan-eta-factor"
        />
        <Stat
          label="Consumers on the queue"
          value={formatCount(plan.consumers)}
          raw={plan.consumers}
          tone={plan.consumers > 0 ? 'warn' : undefined}
          testId="plan-members"
        />
      </Stats>
      <dl className="kv">
        <dt>Source</dt>
        <dd>
          queue <code>{plan.queue}</code> in vhost <code>{plan.vhost}</code>
          {plan.queueType ? ` (${plan.queueType})` : ''}, key <code>{plan.key}</code>
        </dd>
        <dt>Temp queues</dt>
        <dd>
          {plan.tempQueues.length} durable queues
          <ul className="plain small mono" data-testid="plan-temp-queues">
            {plan.tempQueues.map((q) => (
              <li key={q.name}>
                {withJobId(q.name, jobId)}
                {q.policy ? <span className="muted"> (policy {q.policy})</span> : null}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </div>
  );
}
