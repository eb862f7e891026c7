'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { pages } from '@/lib/client/paths';
import { POLL, queries } from '@/lib/client/queries';
import { ClusterStaleBanner } from '../clusters/cluster-stale-banner';
import { formatBytes, formatCount, formatMillisConfig, formatRate } from '../lag/format';
import { PageHeader } from '../ui/breadcrumbs';
import { DemoBadge } from '../ui/demo-badge';
import { Freshness } from '../ui/freshness';
import { QueryGate } from '../ui/query-gate';
import { Stat, Stats } from '../ui/stat';
import { StatusBanner } from '../ui/status-banner';
import { partitionRows, TopicPartitions } from './topic-partitions';

/** One topic: partitions with leader/replicas/ISR and offsets, retention configs, the groups reading it. */
export function TopicPage({ cluster, topic }: { cluster: string; topic: string }) {
  const live = useQuery(queries.topic(cluster, topic));
  const info = useQuery(queries.topicInfo(cluster, topic));
  const rows = partitionRows(live.data, info.data);
  const configs = info.data?.configs ?? {};
  const minIsr = Number(configs['min.insync.replicas'] ?? Number.NaN);
  return (
    <div className="stack">
      <PageHeader
        crumbs={[
          { label: 'Overview', href: pages.overview() },
          { label: cluster, href: pages.cluster(cluster) },
          { label: 'Topics' },
        ]}
        title={topic}
        badges={<DemoBadge name={topic} />}
        aside={<Freshness updatedAt={live.dataUpdatedAt} error={live.error} intervalMs={POLL.live} />}
      />
      <StatusBanner error={live.data ? live.error : null} updatedAt={live.dataUpdatedAt} />
      <ClusterStaleBanner cluster={cluster} />
      <QueryGate query={live} what="the topic" testId="topic">
        {(t) => (
          <section className="card" aria-label="Summary">
            <Stats testId="topic-summary">
              <Stat
                label="Partitions"
                value={formatCount(t.partitions)}
                raw={t.partitions}
                testId="topic-partition-count"
              />
              <Stat
                label="Messages"
                value={formatCount(t.messages)}
                raw={t.messages}
                testId="topic-messages"
                hint="end − log start"
              />
              <Stat label="In" value={formatRate(t.inRate)} />
              <Stat
                label="Replication"
                value={info.data ? `RF ${info.data.replicationFactor}` : '…'}
                hint={Number.isFinite(minIsr) ? `min.insync.replicas ${minIsr}` : undefined}
                tone={info.data && info.data.replicationFactor < 2 ? 'warn' : undefined}
              />
              <Stat
                label="Retention"
                value={formatMillisConfig(configs['retention.ms'])}
                hint={
                  Number(configs['retention.bytes'] ?? -1) >= 0
                    ? `or ${formatBytes(Number(configs['retention.bytes']))} per partition`
                    : undefined
                }
              />
              <Stat label="Cleanup" value={configs['cleanup.policy'] ?? '…'} />
            </Stats>
          </section>
        )}
      </QueryGate>
      <section aria-labelledby="partitions-heading">
        <h2 id="partitions-heading">Partitions</h2>
        {info.error ? (
          <p className="banner error small" role="status">
            Leaders and ISR not read: {info.error.message}
          </p>
        ) : null}
        <TopicPartitions rows={rows} info={info.data} />
      </section>
      <div className="grid-2">
        <section aria-labelledby="groups-heading">
          <h2 id="groups-heading">Read by</h2>
          {live.data && live.data.groups.length > 0 ? (
            <ul className="plain" data-testid="topic-groups">
              {live.data.groups.map((g) => (
                <li key={g}>
                  <Link href={pages.group(cluster, g)}>{g}</Link> <DemoBadge name={g} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small" data-testid="topic-no-groups">
              No consumer group has committed on this topic or is assigned to it.
            </p>
          )}
        </section>
        <section aria-labelledby="configs-heading">
          <h2 id="configs-heading">Configs</h2>
          <QueryGate query={info} what="the configs" testId="topic-configs">
            {(i) => (
              <dl className="kv" data-testid="topic-configs">
                {Object.entries(i.configs).map(([k, v]) => (
                  <div key={k} style={{ display: 'contents' }}>
                    <dt className="mono small">{k}</dt>
                    <dd className="mono small">
                      {v}
                      {k.endsWith('.ms') ? <span className="muted"> ({formatMillisConfig(v)})</span> : null}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </QueryGate>
        </section>
      </div>
    </div>
  );
}
