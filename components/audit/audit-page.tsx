'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { Severity } from '@/lib/audit/types';
import { pages } from '@/lib/client/paths';
import { POLL, queries } from '@/lib/client/queries';
import { plural } from '../lag/format';
import { Freshness } from '../ui/freshness';
import { QueryGate } from '../ui/query-gate';
import { Stat, Stats } from '../ui/stat';
import { FindingsList } from './findings';

const SEVERITIES: Severity[] = ['critical', 'warning', 'info'];

/** The reliability audit of every cluster against the message-loss checklist. */
export function AuditPage() {
  const audit = useQuery(queries.audit());
  const [shown, setShown] = useState<Set<Severity>>(new Set(SEVERITIES));
  return (
    <div className="stack">
      <div className="page-title">
        <h1>Audit</h1>
        <span className="spacer" />
        <button
          type="button"
          className="button"
          onClick={() => void audit.refetch()}
          disabled={audit.isFetching}
          data-testid="audit-rerun"
        >
          {audit.isFetching ? 'Auditing…' : 'Audit again'}
        </button>
        <Freshness updatedAt={audit.dataUpdatedAt} error={audit.error} intervalMs={POLL.audit} />
      </div>
      <p className="muted">
        Every topic and queue checked against the message-loss checklist: replication factor and
        min.insync.replicas, unclean leader election, durable and replicated queues, dead-letter exchanges
        behind TTLs and length limits, consumers on growing queues. Each finding says what was seen and how to
        fix it.
      </p>
      <QueryGate query={audit} what="the audit (it reads every topic and queue)" testId="audit">
        {(report) => {
          const filtered = { ...report, findings: report.findings.filter((f) => shown.has(f.severity)) };
          return (
            <>
              <section className="card">
                <Stats testId="audit-summary">
                  {SEVERITIES.map((s) => (
                    <Stat
                      key={s}
                      label={s}
                      value={report.summary.bySeverity[s]}
                      tone={s === 'critical' && report.summary.bySeverity[s] > 0 ? 'err' : undefined}
                    />
                  ))}
                  {report.summary.clusters.map((c) => (
                    <Stat
                      key={c.cluster}
                      label={c.cluster}
                      value={c.reachable ? plural(c.findings, 'finding') : 'not audited'}
                      hint={
                        c.reachable
                          ? `${plural(c.examined, 'topic or queue', 'topics or queues')} examined`
                          : c.error
                      }
                      tone={c.reachable ? undefined : 'err'}
                    />
                  ))}
                </Stats>
              </section>
              <fieldset className="row gap bare" aria-label="Show severities">
                {SEVERITIES.map((s) => (
                  <label key={s} className="row gap-s">
                    <input
                      type="checkbox"
                      checked={shown.has(s)}
                      onChange={(e) => {
                        const next = new Set(shown);
                        if (e.target.checked) next.add(s);
                        else next.delete(s);
                        setShown(next);
                      }}
                    />
                    {s}
                  </label>
                ))}
              </fieldset>
              <FindingsList report={filtered} showCluster />
            </>
          );
        }}
      </QueryGate>
      <p className="small muted">
        Same checks from a terminal: <code>npx spillway audit</code>. Clusters are configured in{' '}
        <code>spillway.config.json</code>; see the <Link href={pages.overview()}>overview</Link>.
      </p>
    </div>
  );
}
