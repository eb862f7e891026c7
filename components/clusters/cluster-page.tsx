'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ApiError } from '@/lib/client/http';
import { pages } from '@/lib/client/paths';
import { POLL, queries } from '@/lib/client/queries';
import { DemoPanel } from '../demo/demo-panel';
import { PageHeader } from '../ui/breadcrumbs';
import { EmptyState } from '../ui/empty-state';
import { Freshness } from '../ui/freshness';
import { QueryGate } from '../ui/query-gate';
import { StatusBanner } from '../ui/status-banner';
import { ClusterAudit } from './cluster-audit';
import { ClusterHealthCard } from './cluster-health';
import { ClusterLists } from './cluster-lists';
import { ClusterInventory } from './inventory';
import { KIND_LABEL } from './kind';

/** One cluster: sampling health, brokers/nodes and replication, groups, topics or queues, audit, demo. */
export function ClusterPage({ cluster }: { cluster: string }) {
  const health = useQuery(queries.lagCluster(cluster));
  const inventory = useQuery(queries.cluster(cluster));
  const kind = health.data?.kind ?? inventory.data?.kind;
  const unknown = !health.data && health.error instanceof ApiError && health.error.status === 404;
  if (unknown) {
    return (
      <EmptyState title={`No cluster named “${cluster}”`} testId="cluster-not-found">
        <p>
          Clusters are listed in <code>spillway.config.json</code> (or the file named by{' '}
          <code>SPILLWAY_CONFIG</code>). Add it there and restart Spillway, or go back to the{' '}
          <Link href={pages.overview()}>overview</Link>.
        </p>
      </EmptyState>
    );
  }
  return (
    <div className="stack">
      <PageHeader
        crumbs={[{ label: 'Overview', href: pages.overview() }, { label: cluster }]}
        title={cluster}
        badges={kind ? <span className={`badge kind-${kind}`}>{KIND_LABEL[kind]}</span> : null}
        aside={<Freshness updatedAt={health.dataUpdatedAt} error={health.error} intervalMs={POLL.live} />}
      />
      <StatusBanner error={health.data ? health.error : null} updatedAt={health.dataUpdatedAt} />
      <QueryGate query={health} what="the cluster" testId="cluster-health">
        {(h) => <ClusterHealthCard health={h} />}
      </QueryGate>
      {kind === 'embedded' ? <DemoPanel cluster={cluster} /> : null}
      <QueryGate query={inventory} what="brokers and replication" testId="inventory">
        {(data) => <ClusterInventory data={data} />}
      </QueryGate>
      {kind ? <ClusterLists cluster={cluster} rabbit={kind === 'rabbitmq'} /> : null}
      <ClusterAudit cluster={cluster} />
    </div>
  );
}
