'use client';

import { useQuery } from '@tanstack/react-query';
import { QueryGate } from '../ui/query-gate';
import { archiveQueries } from './queries';

/** One archived message: properties, headers (x-death included, as captured) and the body. */
export function ArchiveDetail({ id, onClose }: { id: number; onClose: () => void }) {
  const q = useQuery(archiveQueries.message(id));
  return (
    <section className="card stack" data-testid="archive-detail">
      <div className="row gap">
        <h2>Message {id}</h2>
        <span className="spacer" />
        <button type="button" className="button small" onClick={onClose}>
          Close
        </button>
      </div>
      <QueryGate query={q} what={`message ${id}`}>
        {(m) => (
          <>
            <p className="small muted">
              sha256 {m.sha256} · {m.bodySize} bytes{m.bodyTruncated ? ' (first 64 KiB shown)' : ''} · died{' '}
              {m.deathReason} ×{m.deathCount}
            </p>
            <h3>Properties</h3>
            <pre className="code">{JSON.stringify(m.properties, null, 2)}</pre>
            <h3>Headers</h3>
            <pre className="code">{JSON.stringify(m.headers, null, 2)}</pre>
            <h3>Body ({m.body.encoding})</h3>
            <pre className="code" data-testid="archive-body">
              {m.body.data}
            </pre>
          </>
        )}
      </QueryGate>
    </section>
  );
}
