'use client';

import type { UiQueueResponse } from '@/lib/api/ui-types';
import { formatBytes, formatCount, formatDuration } from '../lag/format';

function from(limits: UiQueueResponse['limits'], key: keyof UiQueueResponse['limits']['source']) {
  const s = limits.source[key];
  return s ? <span className="muted small"> ({s === 'policy' ? 'policy' : 'x-argument'})</span> : null;
}

/** Type, durability, effective TTL/DLX/max-length and replicas, with a warning where messages can be lost. */
export function QueueSettings({ data }: { data: UiQueueResponse }) {
  const q = data.queue;
  const l = data.limits;
  const ttlLoss = l.messageTtlMs !== null && l.deadLetterExchange === null;
  const lengthLoss = l.maxLength !== null && l.deadLetterExchange === null && l.overflow !== 'reject-publish';
  return (
    <div className="grid-2" data-testid="queue-settings">
      <div>
        <h3>Effective limits</h3>
        <dl className="kv">
          <dt>Message TTL</dt>
          <dd data-testid="queue-ttl">
            {l.messageTtlMs === null ? 'none' : formatDuration(l.messageTtlMs / 1000)}
            {from(l, 'messageTtlMs')}
          </dd>
          <dt>Dead-letter exchange</dt>
          <dd data-testid="queue-dlx">
            {l.deadLetterExchange === null ? (
              'none'
            ) : (
              <code>{l.deadLetterExchange || '(default exchange)'}</code>
            )}
            {from(l, 'deadLetterExchange')}
            {l.deadLetterRoutingKey ? (
              <span className="small">
                {' '}
                · routing key <code>{l.deadLetterRoutingKey}</code>
              </span>
            ) : null}
          </dd>
          <dt>Max length</dt>
          <dd data-testid="queue-max-length">
            {l.maxLength === null ? 'unlimited' : `${formatCount(l.maxLength)} messages`}
            {from(l, 'maxLength')}
            {l.maxLengthBytes !== null ? ` · ${formatBytes(l.maxLengthBytes)}` : ''}
          </dd>
          <dt>Overflow</dt>
          <dd>
            {l.overflow ?? 'drop-head (default)'}
            {from(l, 'overflow')}
          </dd>
          <dt>Queue expiry</dt>
          <dd>{l.expiresMs === null ? 'never' : `after ${formatDuration(l.expiresMs / 1000)} unused`}</dd>
          <dt>Policy</dt>
          <dd>
            {q.policy ?? 'none'}
            {q.operatorPolicy ? ` · operator policy ${q.operatorPolicy}` : ''}
          </dd>
        </dl>
        {ttlLoss ? (
          <p className="banner warn small" data-testid="queue-ttl-loss">
            Messages that outlive the TTL are dropped: there is no dead-letter exchange to catch them.
          </p>
        ) : null}
        {lengthLoss ? (
          <p className="banner warn small">
            Past the length limit the oldest messages are dropped: there is no dead-letter exchange.
          </p>
        ) : null}
      </div>
      <div>
        <h3>Queue</h3>
        <dl className="kv">
          <dt>Type</dt>
          <dd data-testid="queue-type">{q.type}</dd>
          <dt>Durable</dt>
          <dd className={q.durable ? undefined : 'text-warn'}>
            {q.durable ? 'yes' : 'no — lost on broker restart'}
          </dd>
          <dt>Auto-delete / exclusive</dt>
          <dd>
            {q.autoDelete ? 'auto-delete' : 'no auto-delete'} · {q.exclusive ? 'exclusive' : 'shared'}
          </dd>
          <dt>State</dt>
          <dd>{q.state ?? 'unknown'}</dd>
          <dt>Manual acks</dt>
          <dd>
            {q.manualAck === null
              ? 'no consumer'
              : q.manualAck
                ? 'yes'
                : 'no (auto-ack: messages are gone on delivery)'}
          </dd>
          {q.members.length > 0 ? (
            <>
              <dt>Replicas</dt>
              <dd className={q.online.length < q.members.length ? 'text-err' : undefined}>
                {q.online.length}/{q.members.length} online{q.leader ? ` · leader ${q.leader}` : ''}
              </dd>
            </>
          ) : null}
        </dl>
        {Object.keys(q.arguments).length > 0 ? (
          <details>
            <summary className="small">Arguments ({Object.keys(q.arguments).length})</summary>
            <dl className="kv small mono">
              {Object.entries(q.arguments).map(([k, v]) => (
                <div key={k} style={{ display: 'contents' }}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          </details>
        ) : null}
      </div>
    </div>
  );
}
