// The archive page renders the archive API's answer (seeded into the query cache: no network in a unit
// test): captured queues in the filter, one table row per message, counts; and the capture button's label.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Role, SessionState } from '@/lib/client/session';
import { sessionQuery } from '../auth/use-session';
import { ArchivePage } from './archive-page';
import { CaptureButton } from './capture-button';
import { archiveQueries } from './queries';
import type { ArchiveResponse } from './types';

const row = (id: number, reason: string) => ({
  id,
  cluster: 'mq',
  vhost: '/',
  queue: 'orders',
  exchange: 'shop',
  routingKeys: ['order.created'],
  messageId: `m-${id}`,
  properties: {},
  headers: {},
  deathReason: reason,
  deathTime: 0,
  deathCount: 1,
  sha256: 'x',
  capturedAt: 1_700_000_000_000,
  replayedAt: null,
  replayCount: id === 2 ? 1 : 0,
  bodySize: 42,
});

function render(
  node: ReturnType<typeof createElement>,
  seed: (c: QueryClient) => void,
  role: Role = 'operator',
): string {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } },
  });
  const session: SessionState = { authenticated: true, name: 'u', role, via: 'session' };
  client.setQueryData(sessionQuery().queryKey, session);
  seed(client);
  return renderToStaticMarkup(createElement(QueryClientProvider, { client }, node));
}

describe('archive page', () => {
  it('lists the archived messages with their death reason, destination and replay count', () => {
    const data: ArchiveResponse = {
      total: 7,
      messages: [row(1, 'expired'), row(2, 'rejected')],
      captures: [{ cluster: 'mq', vhost: '/', queue: 'orders', createdAt: 0, createdBy: 'alice' }],
      next: null,
    };
    const html = render(createElement(ArchivePage), (c) =>
      c.setQueryData(archiveQueries.list({}).queryKey, data),
    );
    expect(html).toContain('2 of 7 message(s)');
    expect(html).toContain('m-1');
    expect(html).toContain('rejected');
    expect(html).toContain('order.created');
    expect(html).toContain('<option value="orders">mq //orders</option>');
    expect(html).toContain('Replay lost data from a file');
    const asViewer = render(
      createElement(ArchivePage),
      (c) => c.setQueryData(archiveQueries.list({}).queryKey, data),
      'viewer',
    );
    expect(asViewer).toContain('m-1');
    expect(asViewer).not.toContain('Replay lost data from a file');
  });

  it('the capture button says what it will do', () => {
    const html = render(createElement(CaptureButton, { cluster: 'mq', vhost: '/', queue: 'orders' }), (c) =>
      c.setQueryData(['archive', 'capture', 'mq', '/', 'orders'], {
        captured: true,
        archiveBacklog: 0,
        operatorPolicy: null,
        drift: [],
      }),
    );
    expect(html).toContain('Stop capturing expired messages');
    expect(html).toContain('/archive?queue=orders');
  });
});
