import { describe, expect, it } from 'vitest';
import { api, decodeSegment, pages, segment, splitQueueTarget } from './paths';

describe('deep links', () => {
  it('keeps dotted topic names readable and encodes anything a group id may hold', () => {
    expect(pages.topic('prod', 'orders.v2.events')).toBe('/clusters/prod/topics/orders.v2.events');
    expect(pages.group('prod', 'team a/b?c#d%e')).toBe('/clusters/prod/groups/team%20a%2Fb%3Fc%23d%25e');
  });

  it('never emits a dot segment the browser would resolve away', () => {
    expect(segment('.')).toBe('%2E');
    expect(segment('..')).toBe('%2E%2E');
    expect(pages.group('c', '..')).toBe('/clusters/c/groups/%2E%2E');
  });

  it('sends the default RabbitMQ vhost as %2F', () => {
    expect(pages.queue('rabbit', '/', 'orders')).toBe('/clusters/rabbit/queues/%2F/orders');
    expect(api.queue('rabbit', '/', 'orders', '1h')).toBe(
      '/api/lag/clusters/rabbit/queues/%2F/orders?range=1h',
    );
  });

  it('round-trips through decodeSegment, and keeps malformed escapes', () => {
    for (const name of ['a b', 'x/y', '100%', 'ünï', '..', 'a%2Fb', 'orders.v2']) {
      expect(decodeSegment(segment(name))).toBe(name);
    }
    expect(decodeSegment('%E0%A4%A')).toBe('%E0%A4%A');
  });

  it('splits the `<vhost>/<queue>` names of audit findings and alerts', () => {
    expect(splitQueueTarget('//orders')).toEqual({ vhost: '/', queue: 'orders' });
    expect(splitQueueTarget('//a/b')).toEqual({ vhost: '/', queue: 'a/b' });
    expect(splitQueueTarget('shop/orders/eu')).toEqual({ vhost: 'shop', queue: 'orders/eu' });
    expect(splitQueueTarget('orders')).toEqual({ vhost: '/', queue: 'orders' });
  });

  it('builds API queries only with the given parameters', () => {
    expect(api.overview()).toBe('/api/lag');
    expect(api.overview({ limit: 200, behind: true })).toBe('/api/lag?limit=200&behind=true');
    expect(api.audit()).toBe('/api/audit?observeMs=0');
    expect(api.audit('rabbit')).toBe('/api/audit?cluster=rabbit&observeMs=0');
  });
});
