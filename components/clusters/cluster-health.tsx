'use client';

import type { LagCluster } from '@/lib/api/lag-types';
import { formatAge, formatCount, formatDuration, plural } from '../lag/format';
import { useNow } from '../ui/use-now';
import { ClusterStatePill } from './cluster-state';
import { StatusCounts } from './status-counts';

/** How the sampler sees the cluster: reachable or not (with the error), rounds, partial failures. */
export function ClusterHealthCard({ health }: { health: LagCluster }) {
  const now = useNow();
  const rabbit = health.kind === 'rabbitmq';
  return (
    <section className="card" aria-labelledby="health-heading" data-testid="cluster-health">
      <div className="row gap">
        <h2 id="health-heading" className="visually-hidden">
          Sampling
        </h2>
        <ClusterStatePill health={health} testId="cluster-state" />
        <span className="small muted">
          {health.lastSuccessAt ? `last sampled ${formatAge(health.lastSuccessAt, now)}` : 'not sampled yet'}{' '}
          · every {formatDuration(health.intervalMs / 1000)}
          {health.lastRoundMs !== null ? ` · last round ${formatCount(health.lastRoundMs)} ms` : ''}
        </span>
      </div>
      {health.lastError ? (
        <p className="text-err error-text" data-testid="cluster-error" role="status">
          {health.state === 'unreachable' ? 'Cannot reach the cluster: ' : 'Last error: '}
          <span className="mono small">{health.lastError}</span>
          {health.consecutiveFailures > 1 ? ` (${health.consecutiveFailures} failed rounds in a row)` : ''}
        </p>
      ) : null}
      <p className="small">
        {rabbit
          ? plural(health.queues, 'queue')
          : `${plural(health.groups, 'consumer group')} · ${plural(health.partitions, 'partition')}`}
      </p>
      <StatusCounts
        counts={health.statusCounts}
        noun={rabbit ? 'queues' : 'groups'}
        testId="cluster-status-counts"
      />
      {health.issues.length > 0 ? (
        <details>
          <summary className="small text-warn">
            {health.issues.length} part(s) could not be read in the last round
          </summary>
          <ul className="small">
            {health.issues.map((i) => (
              <li key={`${i.scope}-${i.message}`}>
                <code>{i.scope}</code>: {i.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
