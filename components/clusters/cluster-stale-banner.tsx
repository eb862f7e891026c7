'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { pages } from '@/lib/client/paths';
import { queries } from '@/lib/client/queries';
import { formatAge } from '../lag/format';
import { useNow } from '../ui/use-now';

/** Samples older than this many intervals are stale. */
const STALE_INTERVALS = 3;

/**
 * On a group, topic or queue page: says when the figures come from a cluster the sampler can no longer
 * reach (with its error), or from a sample too old to trust.
 */
export function ClusterStaleBanner({ cluster }: { cluster: string }) {
  const health = useQuery(queries.lagCluster(cluster));
  const now = useNow();
  const h = health.data;
  if (!h) return null;
  const old = h.lastSuccessAt !== null && now - h.lastSuccessAt > STALE_INTERVALS * h.intervalMs;
  if (h.state !== 'unreachable' && !old) return null;
  return (
    <div className="banner error" role="alert" data-testid="cluster-stale-banner">
      <strong>
        {h.state === 'unreachable' ? (
          <>
            Cluster <Link href={pages.cluster(cluster)}>{cluster}</Link> is unreachable
          </>
        ) : (
          <>
            Cluster <Link href={pages.cluster(cluster)}>{cluster}</Link> has not been sampled for a while
          </>
        )}
        : the figures below are from{' '}
        {h.lastSuccessAt ? formatAge(h.lastSuccessAt, now) : 'no successful sample'}.
      </strong>
      {h.lastError ? <div className="mono small">{h.lastError}</div> : null}
    </div>
  );
}
