'use client';

import Link from 'next/link';
import type { LagCluster } from '@/lib/api/lag-types';
import type { PublicCluster } from '@/lib/api/types';
import type { UiInventorySummary } from '@/lib/api/ui-types';
import { pages } from '@/lib/client/paths';
import { formatAge, plural } from '../lag/format';
import { ClusterStatePill } from './cluster-state';
import { KIND_LABEL } from './kind';
import { ReplicationLine } from './replication-line';
import { StatusCounts } from './status-counts';

/** One cluster on the overview: reachability (with the error), brokers, replication, counts, statuses. */
export function ClusterCard({
  cluster,
  health,
  inventory,
  now,
}: {
  cluster: PublicCluster;
  health: LagCluster | undefined;
  inventory: UiInventorySummary | undefined;
  now: number;
}) {
  const rabbit = cluster.kind === 'rabbitmq';
  return (
    <li
      className={`card cluster-card state-${health?.state ?? 'none'}`}
      data-testid={`cluster-${cluster.name}`}
      data-last-success={health?.lastSuccessAt ?? 0}
    >
      <div className="card-title">
        <Link
          href={pages.cluster(cluster.name)}
          className="strong"
          data-testid={`cluster-link-${cluster.name}`}
        >
          {cluster.name}
        </Link>
        <span className={`badge kind-${cluster.kind}`}>{KIND_LABEL[cluster.kind]}</span>
      </div>
      <div className="row gap">
        <ClusterStatePill health={health} testId={`cluster-state-${cluster.name}`} />
        {health?.lastSuccessAt ? (
          <span className="small muted">sampled {formatAge(health.lastSuccessAt, now)}</span>
        ) : null}
      </div>
      {health?.state === 'unreachable' && health.lastError ? (
        <p className="small text-err error-text" data-testid={`cluster-error-${cluster.name}`} role="status">
          {health.lastError}
        </p>
      ) : null}
      <ul className="plain mono small">
        {cluster.endpoints.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
      {health?.state === 'unreachable' && !inventory?.nodes ? null : (
        <ReplicationLine inv={inventory} now={now} />
      )}
      {health ? (
        <>
          <p className="small">
            {rabbit
              ? plural(health.queues, 'queue')
              : `${plural(health.groups, 'group')} · ${plural(health.partitions, 'partition')}`}
          </p>
          <StatusCounts
            counts={health.statusCounts}
            noun={rabbit ? 'queues' : 'groups'}
            testId={`status-counts-${cluster.name}`}
          />
        </>
      ) : null}
      {cluster.security.length > 0 ? (
        <p className="small muted">Security: {cluster.security.join(', ')}</p>
      ) : null}
    </li>
  );
}
