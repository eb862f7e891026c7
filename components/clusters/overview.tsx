'use client';

import { useQuery } from '@tanstack/react-query';
import type { PublicCluster } from '@/lib/api/types';
import { queries } from '@/lib/client/queries';
import { StatusBanner } from '../ui/status-banner';

const KIND_LABEL: Record<PublicCluster['kind'], string> = {
  embedded: 'Embedded broker',
  kafka: 'Apache Kafka',
  rabbitmq: 'RabbitMQ',
};

export function Overview() {
  const clusters = useQuery(queries.clusters());
  const health = useQuery(queries.health());

  return (
    <div className="stack">
      <div className="page-title">
        <h1>Overview</h1>
        {health.data ? (
          <span className="muted" data-testid="version">
            Spillway {health.data.version}
          </span>
        ) : null}
      </div>
      <StatusBanner error={clusters.error ?? health.error} updatedAt={clusters.dataUpdatedAt} />
      {clusters.isPending ? <p className="muted">Loading clusters…</p> : null}
      {clusters.data && clusters.data.clusters.length === 0 ? (
        <section className="empty" data-testid="no-clusters">
          <h2>No clusters configured</h2>
          <p>
            Add a Kafka or RabbitMQ cluster to <code>spillway.config.json</code> (see the README) or start
            with the embedded broker by removing the <code>clusters</code> list.
          </p>
        </section>
      ) : null}
      {clusters.data && clusters.data.clusters.length > 0 ? (
        <section aria-labelledby="clusters-heading">
          <h2 id="clusters-heading">Clusters</h2>
          <ul className="cards" data-testid="cluster-list">
            {clusters.data.clusters.map((c) => (
              <li key={c.name} className="card" data-testid={`cluster-${c.name}`}>
                <div className="card-title">
                  <strong>{c.name}</strong>
                  <span className={`badge kind-${c.kind}`}>{KIND_LABEL[c.kind]}</span>
                </div>
                <ul className="plain mono small">
                  {c.endpoints.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
                {c.security.length > 0 ? (
                  <p className="small muted">Security: {c.security.join(', ')}</p>
                ) : null}
              </li>
            ))}
          </ul>
          {clusters.data.configSource === 'defaults' ? (
            <p className="small muted" data-testid="defaults-hint">
              No <code>spillway.config.json</code> found: monitoring the embedded broker only.
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
