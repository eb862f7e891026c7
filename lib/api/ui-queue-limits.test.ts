import { describe, expect, it } from 'vitest';
import { queueLimits, stringifyValues } from './ui-queue-limits';

describe('queueLimits', () => {
  it('takes the lower TTL and length limit of argument and policy, naming the source', () => {
    const l = queueLimits({ 'x-message-ttl': 60_000, 'x-max-length': 5000 }, { 'message-ttl': 30_000 });
    expect(l.messageTtlMs).toBe(30_000);
    expect(l.source.messageTtlMs).toBe('policy');
    expect(l.maxLength).toBe(5000);
    expect(l.source.maxLength).toBe('argument');
  });

  it('lets the declare argument win for the dead-letter exchange and overflow', () => {
    const l = queueLimits(
      { 'x-dead-letter-exchange': 'dlx.arg', 'x-overflow': 'reject-publish' },
      { 'dead-letter-exchange': 'dlx.policy', 'dead-letter-routing-key': 'expired' },
    );
    expect(l.deadLetterExchange).toBe('dlx.arg');
    expect(l.source.deadLetterExchange).toBe('argument');
    expect(l.deadLetterRoutingKey).toBe('expired');
    expect(l.source.deadLetterRoutingKey).toBe('policy');
    expect(l.overflow).toBe('reject-publish');
  });

  it('leaves unset limits null and ignores values of the wrong type', () => {
    const l = queueLimits({ 'x-max-length': 'lots' }, {});
    expect(l.maxLength).toBeNull();
    expect(l.messageTtlMs).toBeNull();
    expect(l.deadLetterExchange).toBeNull();
    expect(l.source).toEqual({});
  });

  it('stringifies arguments for display', () => {
    expect(stringifyValues({ a: 'x', b: 5, c: { d: true } })).toEqual({ a: 'x', b: '5', c: '{"d":true}' });
  });
});
