'use client';

import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AuditLogResponse } from '@/lib/api/security';
import { getJson } from '@/lib/client/http';
import { EmptyState } from '../ui/empty-state';
import { QueryGate } from '../ui/query-gate';

export const AUDIT_LOG_POLL_MS = 5_000;

export interface AuditLogFilters {
  actor: string;
  action: string;
  result: '' | 'ok' | 'error' | 'denied';
}

export const auditLogQuery = (f: AuditLogFilters) =>
  queryOptions({
    queryKey: ['audit-log', f] as const,
    queryFn: ({ signal }) => {
      const q = new URLSearchParams({ limit: '500' });
      if (f.actor.trim()) q.set('actor', f.actor.trim());
      if (f.action.trim()) q.set('action', f.action.trim());
      if (f.result) q.set('result', f.result);
      return getJson<AuditLogResponse>(`/api/audit-log?${q}`, signal);
    },
    refetchInterval: AUDIT_LOG_POLL_MS,
    placeholderData: keepPreviousData,
  });

const params = (p: Record<string, unknown>) => {
  const text = JSON.stringify(p);
  return text === '{}' ? '' : text;
};

/** Who did what: every mutation, denial and sign-in, newest first, with filters. */
export function AuditLogPage() {
  const [filters, setFilters] = useState<AuditLogFilters>({ actor: '', action: '', result: '' });
  const log = useQuery(auditLogQuery(filters));
  const set = (k: keyof AuditLogFilters) => (e: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [k]: e.target.value }));
  return (
    <div className="stack">
      <div className="page-title">
        <h1>Audit log</h1>
      </div>
      <p className="small muted">
        Every sign-in, every mutation (demo, recovery jobs, offset resets, replays, users and tokens) and
        every refused request, with its actor and result. Append-only. Also:{' '}
        <code>spillway audit-log --json</code>.
      </p>
      <form className="row gap" onSubmit={(e) => e.preventDefault()} data-testid="audit-log-filters">
        <label className="login-field small">
          Actor
          <input
            value={filters.actor}
            onChange={set('actor')}
            placeholder="admin"
            data-testid="filter-actor"
          />
        </label>
        <label className="login-field small">
          Action (exact, or a prefix ending in “.”)
          <input
            value={filters.action}
            onChange={set('action')}
            placeholder="drain."
            data-testid="filter-action"
          />
        </label>
        <label className="login-field small">
          Result
          <select value={filters.result} onChange={set('result')} data-testid="filter-result">
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="error">error</option>
            <option value="denied">denied</option>
          </select>
        </label>
      </form>
      <QueryGate query={log} what="the audit log" testId="audit-log">
        {(d) =>
          d.entries.length === 0 ? (
            <EmptyState title="No entries" testId="audit-log-empty">
              <p>Nothing matches these filters yet.</p>
            </EmptyState>
          ) : (
            <div className="card" style={{ overflowX: 'auto' }}>
              <table className="simple-table" data-testid="audit-log-table">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Actor</th>
                    <th>Action</th>
                    <th>Target</th>
                    <th>Result</th>
                    <th>Parameters / detail</th>
                  </tr>
                </thead>
                <tbody>
                  {d.entries.map((e) => (
                    <tr key={e.id} data-testid="audit-log-row" data-action={e.action} data-result={e.result}>
                      <td className="nowrap">{new Date(e.at).toLocaleString()}</td>
                      <td>
                        {e.actor}
                        {e.role ? <span className="muted"> ({e.role})</span> : null}
                      </td>
                      <td>
                        <code>{e.action}</code>
                      </td>
                      <td>{e.target}</td>
                      <td data-testid="audit-log-result">{e.result}</td>
                      <td className="small">
                        {params(e.params)}
                        {e.detail ? <div className="muted">{e.detail}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryGate>
    </div>
  );
}
