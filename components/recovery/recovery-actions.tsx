import Link from 'next/link';
import { pages } from '@/lib/client/paths';

/** A recovery action offered for a backlog. The drain and replay features add theirs here with an `href`. */
export interface RecoveryAction {
  id: string;
  label: string;
  description: string;
  /** Where the action's plan page lives; null until the feature lands. */
  href: ((cluster: string, entity: string) => string) | null;
  /** Which backlogs it applies to. */
  applies: 'group' | 'queue' | 'both';
}

export const RECOVERY_ACTIONS: readonly RecoveryAction[] = [
  {
    id: 'drain',
    label: 'Drain the backlog (10x fan-out)',
    description:
      'Copy the backlog to temporary partitions or queues, consume them in parallel, then restore.',
    href: null,
    applies: 'both',
  },
  {
    id: 'replay',
    label: 'Replay messages',
    description: 'Re-deliver a time or offset range, or messages captured after expiring.',
    href: null,
    applies: 'both',
  },
  {
    id: 'reset',
    label: 'Reset offsets (with undo)',
    description: 'Move the group to a time or offset, keeping a snapshot to go back.',
    href: null,
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
      <ul className="plain stack-s">
        {actions.map((a) => (
          <li key={a.id} className="row gap">
            {a.href ? (
              <Link className="button" href={a.href(cluster, entity)} data-testid={`recovery-${a.id}`}>
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
              {a.href ? '' : ' Not available in this version yet.'}
            </span>
          </li>
        ))}
      </ul>
      <p className="small muted">
        Recovery jobs you start are listed under <Link href={pages.jobs()}>Jobs</Link>.
      </p>
    </section>
  );
}
