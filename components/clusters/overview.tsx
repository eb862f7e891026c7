'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo } from 'react';
import { backlogRows } from '@/lib/client/backlog';
import { pages } from '@/lib/client/paths';
import { POLL, queries } from '@/lib/client/queries';
import { BacklogTable } from '../lag/backlog-table';
import { EmptyState } from '../ui/empty-state';
import { Freshness } from '../ui/freshness';
import { StatusBanner } from '../ui/status-banner';
import { useNow } from '../ui/use-now';
import { ClusterCard } from './cluster-card';
import { Totals } from './totals';
import { UnreachableBanner } from './unreachable-banner';

/** The overview: every cluster's health, totals, and the worst backlogs across all systems. */
export function Overview() {
  const clusters = useQuery(queries.clusters());
  const health = useQuery(queries.health());
  const overview = useQuery(queries.overview());
  const inventory = useQuery(queries.inventory());
  const now = useNow(2000);

  const rows = useMemo(
    () => (overview.data ? backlogRows(overview.data.groups, overview.data.queues) : []),
    [overview.data],
  );
  const embedded = clusters.data?.clusters.find((c) => c.kind === 'embedded');

  return (
    <div className="stack">
      <div className="page-title">
        <h1>Overview</h1>
        {health.data ? (
          <span className="muted" data-testid="version">
            Spillway {health.data.version}
          </span>
        ) : null}
        <span className="spacer" />
        <Freshness updatedAt={overview.dataUpdatedAt} error={overview.error} intervalMs={POLL.live} />
      </div>
      <StatusBanner error={overview.error ?? clusters.error} updatedAt={overview.dataUpdatedAt} />
      {overview.data ? <UnreachableBanner clusters={overview.data.clusters} /> : null}
      {clusters.isPending ? <p className="muted">Loading clusters…</p> : null}
      {clusters.data && clusters.data.clusters.length === 0 ? (
        <EmptyState title="No clusters configured" testId="no-clusters">
          <p>
            Add a Kafka or RabbitMQ cluster to <code>spillway.config.json</code> (see the README) or start
            with the embedded broker by removing the <code>clusters</code> list.
          </p>
        </EmptyState>
      ) : null}
      {clusters.data && clusters.data.clusters.length > 0 ? (
        <section aria-labelledby="clusters-heading">
          <h2 id="clusters-heading">Clusters</h2>
          <ul className="cards" data-testid="cluster-list">
            {clusters.data.clusters.map((c) => (
              <ClusterCard
                key={c.name}
                cluster={c}
                health={overview.data?.clusters.find((h) => h.cluster === c.name)}
                inventory={inventory.data?.clusters.find((i) => i.cluster === c.name)}
                now={now}
              />
            ))}
          </ul>
          {clusters.data.configSource === 'defaults' ? (
            <p className="small muted" data-testid="defaults-hint">
              No <code>spillway.config.json</code> found: monitoring the embedded broker only. Add your Kafka
              and RabbitMQ clusters to it to watch them here.
            </p>
          ) : null}
        </section>
      ) : null}
      {overview.data ? <Totals data={overview.data} /> : null}
      <section aria-labelledby="backlogs-heading" className="stack-s">
        <h2 id="backlogs-heading">Worst backlogs</h2>
        <p className="small muted">
          Every consumer group and queue with messages waiting, across all clusters, ranked by how old the
          backlog is (lag in seconds) and how long it will take to drain.
        </p>
        {overview.data ? (
          <BacklogTable
            rows={rows}
            testId="backlogs"
            empty={
              <EmptyState title="No backlog anywhere" testId="no-backlog">
                <p>Every consumer group and queue is caught up.</p>
                {embedded ? (
                  <p>
                    To watch a backlog grow and drain, start the demo on the{' '}
                    <Link href={pages.cluster(embedded.name)}>{embedded.name} cluster page</Link> or run{' '}
                    <code>npx spillway demo</code>.
                  </p>
                ) : null}
              </EmptyState>
            }
          />
        ) : overview.isPending ? (
          <p className="muted">Loading backlogs…</p>
        ) : null}
      </section>
    </div>
  );
}
