import { describe, expect, it } from 'vitest';
import { DeadlineError, mapLimit, settleLimit, withDeadline } from './async';
import { Redactor, SourceAuthError, SourceRequestError, SourceUnavailableError } from './errors';
import { toSourceError } from './kafka/errors';

describe('Redactor', () => {
  it('replaces secrets, their URL-encoded form and Basic credentials', () => {
    const r = new Redactor(['p@ss/word', undefined, ''], [['guest', 'p@ss/word']]);
    const basic = Buffer.from('guest:p@ss/word').toString('base64');
    expect(r.redact(`a p@ss/word b ${encodeURIComponent('p@ss/word')} c ${basic}`)).toBe('a *** b *** c ***');
  });

  it('masks any password in a URL, known or not', () => {
    const r = new Redactor([]);
    expect(r.redact('connect amqp://user:hunter2@host:5672/vh failed')).toBe(
      'connect amqp://user:***@host:5672/vh failed',
    );
  });

  it('replaces the longest secret first', () => {
    const r = new Redactor(['abc', 'abcdef']);
    expect(r.redact('xabcdefx abc')).toBe('x***x ***');
  });

  it('describes errors on one line with their errno code', () => {
    const r = new Redactor(['s3cret']);
    const e = Object.assign(new Error('connect failed for s3cret\nsecond line'), { code: 'ECONNREFUSED' });
    expect(r.describe(e)).toBe('ECONNREFUSED: connect failed for ***');
  });
});

describe('toSourceError (kafkajs errors)', () => {
  const r = new Redactor(['pw']);
  const named = (name: string, extra: object = {}) =>
    Object.assign(new Error(`${name} happened pw`), { name }, extra);

  it('maps connection trouble, also wrapped in retries, to SourceUnavailableError', () => {
    const inner = named('KafkaJSConnectionError', { code: 'ECONNREFUSED' });
    const outer = named('KafkaJSNumberOfRetriesExceeded', { cause: inner });
    const e = toSourceError('c1', 'snapshot', outer, r);
    expect(e).toBeInstanceOf(SourceUnavailableError);
    expect(e.message).toBe('c1: unavailable: snapshot: ECONNREFUSED: KafkaJSConnectionError happened ***');
    expect(toSourceError('c1', 'x', named('KafkaJSRequestTimeoutError'), r)).toBeInstanceOf(
      SourceUnavailableError,
    );
    expect(toSourceError('c1', 'x', new DeadlineError(50), r).message).toContain('no answer within 50 ms');
  });

  it('maps SASL failures to SourceAuthError and the rest to SourceRequestError', () => {
    expect(toSourceError('c', 'x', named('KafkaJSSASLAuthenticationError'), r)).toBeInstanceOf(
      SourceAuthError,
    );
    expect(
      toSourceError('c', 'x', named('KafkaJSProtocolError', { type: 'UNSUPPORTED_SASL_MECHANISM' }), r),
    ).toBeInstanceOf(SourceAuthError);
    const other = toSourceError('c', 'x', named('KafkaJSProtocolError', { type: 'INVALID_REQUEST' }), r);
    expect(other).toBeInstanceOf(SourceRequestError);
    expect(other.message).not.toContain('pw');
  });
});

describe('async helpers', () => {
  it('mapLimit keeps order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('settleLimit reports each failure in place', async () => {
    const out = await settleLimit([1, 2, 3], 3, async (n) => {
      if (n === 2) throw new Error('two');
      return n;
    });
    expect(out.map((r) => (r.ok ? r.value : (r.error as Error).message))).toEqual([1, 'two', 3]);
  });

  it('withDeadline rejects with DeadlineError and swallows the late rejection', async () => {
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 30));
    await expect(withDeadline(late, 5)).rejects.toBeInstanceOf(DeadlineError);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await expect(withDeadline(Promise.resolve(7), 50)).resolves.toBe(7);
  });
});
