'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { POLL } from '@/lib/client/queries';
import { RequireRole } from '../auth/require-role';
import { Freshness } from '../ui/freshness';
import { QueryGate } from '../ui/query-gate';
import { ArchiveDetail } from './archive-detail';
import { FileUpload } from './file-upload';
import { archiveQueries } from './queries';
import { ReplayActions } from './replay-actions';
import type { ArchiveFilter } from './types';

const REASONS = ['', 'expired', 'rejected', 'maxlen', 'delivery_limit'];

const when = (ms: number | null) => (ms === null ? '–' : new Date(ms).toLocaleString());

/** The message archive: captured RabbitMQ messages, filterable, with capture and replay actions. */
export function ArchivePage() {
  const [filter, setFilter] = useState<ArchiveFilter>({});
  const [selected, setSelected] = useState<number | null>(null);
  // Deep link from the queue page: /archive?queue=Q (read once on mount).
  useEffect(() => {
    const q = new URLSearchParams(window.location.search).get('queue');
    if (q) setFilter((f) => ({ ...f, queue: q }));
  }, []);
  const list = useQuery(archiveQueries.list(filter));
  const set = (k: keyof ArchiveFilter, v: string) => setFilter((f) => ({ ...f, [k]: v || undefined }));
  const target =
    filter.queue &&
    (list.data?.captures.find((c) => c.queue === filter.queue) ?? {
      cluster: filter.cluster ?? '',
      vhost: filter.vhost ?? '/',
      queue: filter.queue,
    });
  return (
    <div className="stack">
      <div className="page-title">
        <h1>Message archive</h1>
        <span className="spacer" />
        <Freshness updatedAt={list.dataUpdatedAt} error={list.error} intervalMs={POLL.slow} />
      </div>
      <p className="muted">
        RabbitMQ messages that expired or were rejected on a captured queue, stored by Spillway before they
        vanished. Replay sends each one back to its original exchange and routing keys once. CLI:{' '}
        <code>spillway replay capture</code>, <code>replay list</code>, <code>replay rabbitmq</code>.
      </p>
      <fieldset className="row gap wrap bare" aria-label="Filter" data-testid="archive-filter">
        <select
          className="input small"
          value={filter.queue ?? ''}
          onChange={(e) => set('queue', e.target.value)}
          aria-label="queue"
        >
          <option value="">all captured queues</option>
          {(list.data?.captures ?? []).map((c) => (
            <option key={`${c.cluster}/${c.vhost}/${c.queue}`} value={c.queue}>
              {c.cluster} {c.vhost}/{c.queue}
            </option>
          ))}
        </select>
        <select
          className="input small"
          value={filter.reason ?? ''}
          onChange={(e) => set('reason', e.target.value)}
          aria-label="reason"
        >
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {r || 'any reason'}
            </option>
          ))}
        </select>
        <select
          className="input small"
          value={filter.replayed ?? ''}
          onChange={(e) => set('replayed', e.target.value)}
          aria-label="replayed"
        >
          <option value="">replayed or not</option>
          <option value="no">never replayed</option>
          <option value="yes">replayed</option>
        </select>
        <input
          className="input small"
          placeholder="since (2h, ISO time)"
          value={filter.since ?? ''}
          onChange={(e) => set('since', e.target.value)}
        />
      </fieldset>
      {target ? (
        <RequireRole atLeast="operator">
          <ReplayActions target={target} />
        </RequireRole>
      ) : null}
      <QueryGate query={list} what="the archive" testId="archive">
        {(data) => (
          <>
            <p className="small muted" data-testid="archive-count">
              {data.messages.length} of {data.total} message(s)
            </p>
            <table className="simple-table card" data-testid="archive-table">
              <thead>
                <tr>
                  <th>id</th>
                  <th>captured</th>
                  <th>queue</th>
                  <th>reason</th>
                  <th>exchange</th>
                  <th>routing keys</th>
                  <th>message id</th>
                  <th>bytes</th>
                  <th>replays</th>
                </tr>
              </thead>
              <tbody>
                {data.messages.map((m) => (
                  <tr
                    key={m.id}
                    onClick={() => setSelected(m.id)}
                    className={selected === m.id ? 'selected' : undefined}
                  >
                    <td>{m.id}</td>
                    <td>{when(m.capturedAt)}</td>
                    <td>
                      {m.vhost}/{m.queue}
                    </td>
                    <td>{m.deathReason}</td>
                    <td>{m.exchange || '(default)'}</td>
                    <td>{m.routingKeys.join(', ')}</td>
                    <td>{m.messageId ?? '–'}</td>
                    <td>{m.bodySize}</td>
                    <td>{m.replayCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </QueryGate>
      {selected !== null ? <ArchiveDetail id={selected} onClose={() => setSelected(null)} /> : null}
      <RequireRole atLeast="operator">
        <FileUpload />
      </RequireRole>
    </div>
  );
}
