import { describe, expect, it } from 'vitest';
import { historyQuery, historyWindow, listQuery, queueParams } from './lag-params';

describe('lag API parameters', () => {
  it('parses status lists, booleans and paging, and rejects unknown keys', () => {
    expect(listQuery.parse({ status: 'warn,STOP', behind: 'true' })).toEqual({
      status: ['WARN', 'STOP'],
      behind: true,
      limit: 500,
      offset: 0,
    });
    expect(listQuery.safeParse({ status: 'LATE' }).success).toBe(false);
    expect(listQuery.safeParse({ limit: '0' }).success).toBe(false);
    expect(listQuery.safeParse({ colour: 'red' }).success).toBe(false);
  });

  it('turns range, from/to, points and step into a window', () => {
    const now = 10_000_000;
    expect(historyWindow(historyQuery.parse({}), now)).toEqual({
      from: now - 3_600_000,
      to: now,
      stepMs: 30_000,
    });
    expect(historyWindow(historyQuery.parse({ range: '7d', points: '168' }), now).stepMs).toBe(3_600_000);
    expect(historyWindow(historyQuery.parse({ from: '1000', to: '61000', step: '10s' }), now)).toEqual({
      from: 1000,
      to: 61_000,
      stepMs: 10_000,
    });
    expect(historyQuery.safeParse({ range: '1h', from: '5' }).success).toBe(false);
    expect(historyQuery.safeParse({ from: '10', to: '5' }).success).toBe(false);
    expect(historyQuery.safeParse({ range: 'soon' }).success).toBe(false);
  });

  it('accepts the default vhost and rejects bad cluster names', () => {
    expect(queueParams.parse({ cluster: 'mq-1', vhost: '/', queue: 'orders' }).vhost).toBe('/');
    expect(queueParams.safeParse({ cluster: 'bad name', vhost: '/', queue: 'q' }).success).toBe(false);
  });
});
