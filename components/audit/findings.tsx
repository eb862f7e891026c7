'use client';

import Link from 'next/link';
import type { AuditReport, Finding, Severity } from '@/lib/audit/types';
import { pages, splitQueueTarget } from '@/lib/client/paths';

const TONE: Record<Severity, 'err' | 'warn' | 'muted'> = { critical: 'err', warning: 'warn', info: 'muted' };

function targetLink(f: Finding) {
  if (f.target === '*') return <span className="muted">whole cluster</span>;
  if (f.kind === 'kafka') return <Link href={pages.topic(f.cluster, f.target)}>{f.target}</Link>;
  const { vhost, queue } = splitQueueTarget(f.target);
  return <Link href={pages.queue(f.cluster, vhost, queue)}>{f.target}</Link>;
}

/** Audit findings, most severe first, each with what was seen and a concrete fix. */
export function FindingsList({ report, showCluster }: { report: AuditReport; showCluster: boolean }) {
  const unreachable = report.summary.clusters.filter((c) => !c.reachable);
  return (
    <div className="stack-s" data-testid="findings">
      {unreachable.map((c) => (
        <p key={c.cluster} className="banner error" data-testid={`audit-unreachable-${c.cluster}`}>
          {c.cluster} could not be audited: {c.error}
        </p>
      ))}
      {report.findings.length === 0 ? (
        <p className="text-ok" data-testid="no-findings">
          No findings: every topic and queue examined passes the message-loss checklist.
        </p>
      ) : (
        <ul className="plain stack-s">
          {report.findings.map((f) => (
            <li
              key={`${f.cluster}-${f.check}-${f.target}`}
              className="card"
              data-testid="finding"
              data-severity={f.severity}
            >
              <details className="finding">
                <summary>
                  <span className={`pill tone-${TONE[f.severity]}`}>{f.severity}</span>{' '}
                  <strong>{f.title}</strong> —{' '}
                  {showCluster ? (
                    <>
                      <Link href={pages.cluster(f.cluster)}>{f.cluster}</Link> ·{' '}
                    </>
                  ) : null}
                  {targetLink(f)}
                </summary>
                <p className="small">{f.detail}</p>
                <p className="small muted">
                  Check <code>{f.check}</code>. Fix:
                </p>
                <pre className="fix">{f.fix}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
