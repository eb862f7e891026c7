import type { UiInventorySummary } from '@/lib/api/ui-types';
import { formatAge } from '../lag/format';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Brokers/nodes and replication health in one line, from the cached inventory. */
export function ReplicationLine({ inv, now }: { inv: UiInventorySummary | undefined; now: number }) {
  if (!inv || (inv.nodes === null && !inv.error)) {
    return <p className="small muted">Reading brokers and replication…</p>;
  }
  if (inv.nodes === null) {
    return <p className="small text-err">Brokers not read: {inv.error}</p>;
  }
  const rabbit = inv.kind === 'rabbitmq';
  const problems: string[] = [];
  if (inv.nodesDown) problems.push(`${plural(inv.nodesDown, 'node')} down`);
  if (inv.offline) problems.push(`${plural(inv.offline, 'partition')} offline`);
  if (inv.underMinIsr) problems.push(`${plural(inv.underMinIsr, 'partition')} under min ISR`);
  if (inv.underReplicated) {
    problems.push(
      rabbit
        ? `${plural(inv.underReplicated, 'queue')} missing replicas`
        : `${plural(inv.underReplicated, 'partition')} under-replicated`,
    );
  }
  return (
    <div className="small" data-testid={`replication-${inv.cluster}`}>
      <span>{plural(inv.nodes, rabbit ? 'node' : 'broker')}</span>
      {' · '}
      {problems.length === 0 && inv.alarms.length === 0 ? (
        <span className="text-ok">replication healthy</span>
      ) : (
        <span className="text-err">{problems.join(', ')}</span>
      )}
      {inv.alarms.length > 0 ? (
        <ul className="plain text-err" data-testid={`alarms-${inv.cluster}`}>
          {inv.alarms.map((a) => (
            <li key={a}>⚠ {a}</li>
          ))}
        </ul>
      ) : null}
      {inv.stale && inv.checkedAt ? (
        <span className="muted"> · read {formatAge(inv.checkedAt, now)}</span>
      ) : null}
    </div>
  );
}
