'use client';

import { useQuery } from '@tanstack/react-query';
import { jobQueries } from '@/lib/client/jobs';
import { QueryGate } from '../ui/query-gate';
import { auditParams } from './job-format';

/** The job's entries of the audit log (who started, paused, restored it; the steps it recorded). */
export function JobAudit({ jobId }: { jobId: string }) {
  const audit = useQuery(jobQueries.audit(jobId));
  return (
    <QueryGate query={audit} what="the audit entries" testId="job-audit">
      {(d) =>
        'denied' in d ? (
          <p className="muted small" data-testid="job-audit-denied">
            The audit log cannot be read here: {d.denied}
          </p>
        ) : d.entries.length === 0 ? (
          <p className="muted small" data-testid="job-audit-empty">
            No audit entries for this job yet.
          </p>
        ) : (
          <table className="simple-table card" data-testid="job-audit">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Result</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {d.entries.map((e) => (
                <tr key={e.id} data-testid="job-audit-row" data-action={e.action}>
                  <td className="nowrap">{new Date(e.at).toLocaleString()}</td>
                  <td>
                    {e.actor}
                    {e.role ? <span className="muted"> ({e.role})</span> : null}
                  </td>
                  <td className="mono">{e.action}</td>
                  <td className={e.result === 'ok' ? 'text-ok' : 'text-err'}>{e.result}</td>
                  <td className="small">{[e.detail, auditParams(e.params)].filter(Boolean).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </QueryGate>
  );
}
