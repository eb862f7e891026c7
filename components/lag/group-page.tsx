'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ApiError } from '@/lib/client/http';
import { pages, type TimeRange } from '@/lib/client/paths';
import { POLL, queries } from '@/lib/client/queries';
import { isDemoName } from '@/lib/demo/types';
import { TimeRangePicker } from '../charts/time-range-picker';
import { ClusterStaleBanner } from '../clusters/cluster-stale-banner';
import { RecoveryActions } from '../recovery/recovery-actions';
import { PageHeader } from '../ui/breadcrumbs';
import { DemoBadge } from '../ui/demo-badge';
import { EmptyState } from '../ui/empty-state';
import { Freshness } from '../ui/freshness';
import { QueryGate } from '../ui/query-gate';
import { StatusBadge } from '../ui/status-badge';
import { StatusBanner } from '../ui/status-banner';
import { GroupCharts } from './group-charts';
import { GroupSummary } from './group-summary';
import { Members } from './members';
import { PartitionTable } from './partition-table';

/** One consumer group: summary, charts with the drain forecast, partitions, members, recovery. */
export function GroupPage({ cluster, group, range }: { cluster: string; group: string; range: TimeRange }) {
  const detail = useQuery(queries.group(cluster, group, range));
  const members = useQuery(queries.groupMembers(cluster, group));
  const notFound = detail.error instanceof ApiError && detail.error.status === 404 && !detail.data;
  const topics = detail.data?.group.topics ?? [];
  return (
    <div className="stack">
      <PageHeader
        crumbs={[
          { label: 'Overview', href: pages.overview() },
          { label: cluster, href: pages.cluster(cluster) },
          { label: 'Consumer groups' },
        ]}
        title={group}
        badges={
          <>
            {detail.data ? <StatusBadge status={detail.data.group.status} testId="group-status" /> : null}
            <DemoBadge force={isDemoName(group) || topics.some(isDemoName)} />
          </>
        }
        aside={<Freshness updatedAt={detail.dataUpdatedAt} error={detail.error} intervalMs={POLL.live} />}
      />
      <StatusBanner error={detail.data ? detail.error : null} updatedAt={detail.dataUpdatedAt} />
      <ClusterStaleBanner cluster={cluster} />
      {notFound ? (
        <EmptyState title="No such consumer group" testId="group-not-found">
          <p>
            {detail.error?.message}. Groups appear once they commit an offset; check the name on the{' '}
            <Link href={pages.cluster(cluster)}>cluster page</Link>.
          </p>
        </EmptyState>
      ) : (
        <QueryGate query={detail} what="the consumer group" testId="group">
          {(d) => (
            <>
              <GroupSummary group={d.group} />
              <section aria-labelledby="charts-heading" className="stack-s">
                <div className="section-head">
                  <h2 id="charts-heading">Over time</h2>
                  <TimeRangePicker value={range} />
                </div>
                <GroupCharts data={d} range={range} />
              </section>
              <section aria-labelledby="partitions-heading">
                <h2 id="partitions-heading">Partitions ({d.partitions.length})</h2>
                <PartitionTable cluster={cluster} partitions={d.partitions} members={members.data?.members} />
              </section>
            </>
          )}
        </QueryGate>
      )}
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members and assignments</h2>
        <QueryGate query={members} what="the members" testId="members">
          {(m) => <Members data={m} />}
        </QueryGate>
      </section>
      <RecoveryActions cluster={cluster} entity={group} kind="group" />
    </div>
  );
}
