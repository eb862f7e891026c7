import Link from 'next/link';
import type { ClusterHealth } from '@/lib/api/lag-types';
import { pages } from '@/lib/client/paths';

/** Names every cluster the sampler cannot reach, with its error; the others keep updating. */
export function UnreachableBanner({ clusters }: { clusters: readonly ClusterHealth[] }) {
  const down = clusters.filter((c) => c.state === 'unreachable');
  if (down.length === 0) return null;
  return (
    <div className="banner warn" role="status" data-testid="unreachable-banner">
      <strong>
        {down.length === 1 ? '1 cluster is' : `${down.length} clusters are`} unreachable; figures for{' '}
        {down.length === 1 ? 'it' : 'them'} are the last ones read, the others keep updating.
      </strong>
      <ul className="plain">
        {down.map((c) => (
          <li key={c.cluster}>
            <Link href={pages.cluster(c.cluster)}>{c.cluster}</Link>:{' '}
            <span className="mono small">{c.lastError ?? 'no answer'}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
