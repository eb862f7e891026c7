'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { pages } from '@/lib/client/paths';
import { queries } from '@/lib/client/queries';
import { FindingsList } from '../audit/findings';
import { QueryGate } from '../ui/query-gate';

/** The reliability audit of one cluster (run on demand by the server, refreshed every two minutes). */
export function ClusterAudit({ cluster }: { cluster: string }) {
  const audit = useQuery(queries.audit(cluster));
  return (
    <section aria-labelledby="audit-heading" data-testid="cluster-audit">
      <div className="section-head">
        <h2 id="audit-heading">Audit findings{audit.data ? ` (${audit.data.findings.length})` : ''}</h2>
        <button
          type="button"
          className="button small"
          onClick={() => void audit.refetch()}
          disabled={audit.isFetching}
          data-testid="audit-rerun"
        >
          {audit.isFetching ? 'Auditing…' : 'Audit again'}
        </button>
        <Link href={pages.audit()} className="small">
          All clusters
        </Link>
      </div>
      <QueryGate query={audit} what="the audit" testId="audit">
        {(report) => <FindingsList report={report} showCluster={false} />}
      </QueryGate>
    </section>
  );
}
