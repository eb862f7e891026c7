import Link from 'next/link';
import { drainPage } from '@/lib/client/jobs';
import { resetPage } from '@/lib/client/jobs-offsets';
import { pages, splitQueueTarget } from '@/lib/client/paths';
import { RequireRole } from '../auth/require-role';
import { CaptureButton } from '../replay/capture-button';
import { SourceJobs } from './source-jobs';

/** A recovery action offered for a backlog. The drain and replay features add theirs here with an `href`. */
export interface RecoveryAction {
  id: string;
  label: string;
  description: string;
  /** Where the action's plan page lives; null until the feature lands. */
  href: ((cluster: string, entity: string, kind: 'group' | 'queue') => string) | null;
  /** Which backlogs it applies to. */
  applies: 'group' | 'queue' | 'both';
}

export const RECOVERY_ACTIONS: readonly RecoveryAction[] = [
  {
    id: 'drain',
    label: 'Drain the backlog (10x fan-out)',
    description:
      'Copy the backlog to temporary partitions or queues, consume them in parallel, then restore.',
    href: (cluster, entity, kind) =>
      kind === 'group'
        ? drainPage({ kind: 'kafka', cluster, group: entity })
        : drainPage({ kind: 'rabbitmq', cluster, ...splitQueueTarget(entity) }),
    applies: 'both',
  },
  {
    id: 'replay',
    label: 'Replay messages',
    description:
      'Capture messages that expire or are rejected into the archive, then replay them to their exchange.',
    href: (_cluster, entity) => `/archive?${new URLSearchParams({ queue: splitQueueTarget(entity).queue })}`,
    applies: 'queue',
  },
  {
    id: 'replay-kafka',
    label: 'Replay a range',
    description: 'Copy a time or offset range to another topic (CLI: spillway replay kafka).',
    href: null,
    applies: 'group',
  },
  {
    id: 'reset',
    label: 'Reset offsets (with undo)',
    description: 'Move the group to a time or offset, keeping a snapshot to go back.',
    href: (cluster, entity) => resetPage(cluster, entity),
    applies: 'group',
  },
];

/** The entry point to recovery for a group or queue; actions not yet available say so. */
export function RecoveryActions({
  cluster,
  entity,
  kind,
}: {
  cluster: string;
  entity: string;
  kind: 'group' | 'queue';
}) {
  const actions = RECOVERY_ACTIONS.filter((a) => a.applies === 'both' || a.applies === kind);
  return (
    <section className="card stack-s" aria-labelledby="recovery-heading" data-testid="recovery">
      <h2 id="recovery-heading" style={{ margin: 0 }}>
        Recovery
      </h2>
      <RequireRole
        atLeast="operator"
        fallback={
          <p className="small muted" data-testid="recovery-viewer-note">
            Recovery actions need the operator role.
          </p>
        }
      >
        <ul className="plain stack-s">
          {actions.map((a) => (
            <li key={a.id} className="row gap">
              {a.href ? (
                <Link
                  className="button"
                  href={a.href(cluster, entity, kind)}
                  data-testid={`recovery-${a.id}`}
                >
                  {a.label}
                </Link>
              ) : (
                <button
                  type="button"
                  className="button"
                  disabled
                  aria-describedby={`recovery-${a.id}-why`}
                  data-testid={`recovery-${a.id}`}
                >
                  {a.label}
                </button>
              )}
              <span className="small muted" id={`recovery-${a.id}-why`}>
                {a.description}
                {a.href ? '' : ' Not in the dashboard yet.'}
              </span>
            </li>
          ))}
        </ul>
        {kind === 'queue' ? (
          <div className="row gap small">
            <span>Expired messages:</span>
            <CaptureButton cluster={cluster} {...splitQueueTarget(entity)} />
          </div>
        ) : null}
      </RequireRole>
      <SourceJobs cluster={cluster} entity={entity} kind={kind} />
      <p className="small muted">
        Recovery jobs you start are listed under <Link href={pages.jobs()}>Jobs</Link>.
      </p>
    </section>
  );
}
