'use client';

import { useQuery } from '@tanstack/react-query';
import { pages, type TimeRange } from '@/lib/client/paths';
import { POLL, queries } from '@/lib/client/queries';
import { TimeRangePicker } from '../charts/time-range-picker';
import { ClusterStaleBanner } from '../clusters/cluster-stale-banner';
import { RecoveryActions } from '../recovery/recovery-actions';
import { PageHeader } from '../ui/breadcrumbs';
import { DemoBadge } from '../ui/demo-badge';
import { Freshness } from '../ui/freshness';
import { QueryGate } from '../ui/query-gate';
import { StatusBadge } from '../ui/status-badge';
import { StatusBanner } from '../ui/status-banner';
import { QueueCharts } from './queue-charts';
import { QueueSettings } from './queue-settings';
import { QueueSummary } from './queue-summary';

/** One RabbitMQ queue: depth and rates over time, consumers, type, effective policy, head-message age. */
export function QueuePage({
  cluster,
  vhost,
  queue,
  range,
}: {
  cluster: string;
  vhost: string;
  queue: string;
  range: TimeRange;
}) {
  const detail = useQuery(queries.queue(cluster, vhost, queue, range));
  const info = useQuery(queries.queueInfo(cluster, vhost, queue));
  return (
    <div className="stack">
      <PageHeader
        crumbs={[
          { label: 'Overview', href: pages.overview() },
          { label: cluster, href: pages.cluster(cluster) },
          { label: `vhost ${vhost}` },
        ]}
        title={queue}
        badges={
          <>
            {detail.data ? <StatusBadge status={detail.data.queue.status} testId="queue-status" /> : null}
            {detail.data ? <span className="badge">{detail.data.queue.type}</span> : null}
            <DemoBadge name={queue} />
          </>
        }
        aside={<Freshness updatedAt={detail.dataUpdatedAt} error={detail.error} intervalMs={POLL.live} />}
      />
      <StatusBanner error={detail.data ? detail.error : null} updatedAt={detail.dataUpdatedAt} />
      <ClusterStaleBanner cluster={cluster} />
      <QueryGate query={detail} what="the queue" testId="queue">
        {(d) => (
          <>
            <QueueSummary queue={d.queue} info={info.data} />
            <section aria-labelledby="charts-heading" className="stack-s">
              <div className="section-head">
                <h2 id="charts-heading">Over time</h2>
                <TimeRangePicker value={range} />
              </div>
              <QueueCharts data={d} range={range} />
            </section>
          </>
        )}
      </QueryGate>
      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings and policy</h2>
        <QueryGate query={info} what="the queue settings" testId="queue-info">
          {(i) => <QueueSettings data={i} />}
        </QueryGate>
      </section>
      <RecoveryActions cluster={cluster} entity={`${vhost}/${queue}`} kind="queue" />
    </div>
  );
}
