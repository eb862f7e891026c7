import { describe, expect, it } from 'vitest';
import { ReadCache } from './ui-cache';

describe('ReadCache', () => {
  it('shares one read between concurrent callers and rereads after the TTL', async () => {
    const cache = new ReadCache<number>(1000);
    let reads = 0;
    const load = async () => ++reads;
    const [a, b] = await Promise.all([cache.get('k', load, true, 0), cache.get('k', load, true, 10)]);
    expect(a.value).toBe(1);
    expect(b.value).toBe(1);
    expect(reads).toBe(1);
    expect((await cache.get('k', load, true, 500)).value).toBe(1);
    expect((await cache.get('k', load, true, 1500)).value).toBe(2);
  });

  it('keeps the last good value, marked stale, with the error of a failed read', async () => {
    const cache = new ReadCache<string>(1000);
    await cache.get('k', async () => 'good', true, 0);
    const failed = await cache.get(
      'k',
      async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      },
      true,
      2000,
    );
    expect(failed.value).toBe('good');
    expect(failed.stale).toBe(true);
    expect(failed.error).toContain('ECONNREFUSED');
  });

  it('answers at once without waiting when asked not to', async () => {
    const cache = new ReadCache<string>(1000);
    let release: (v: string) => void = () => undefined;
    const pending = new Promise<string>((r) => {
      release = r;
    });
    const first = await cache.get('k', () => pending, false, 0);
    expect(first.value).toBeNull();
    expect(first.stale).toBe(true);
    release('later');
    await pending;
    await Promise.resolve();
    expect(cache.peek('k').value).toBe('later');
  });

  it('evicts the oldest key past its capacity', async () => {
    const cache = new ReadCache<number>(1000, 2);
    await cache.get('a', async () => 1, true, 0);
    await cache.get('b', async () => 2, true, 0);
    await cache.get('c', async () => 3, true, 0);
    expect(cache.peek('a').value).toBeNull();
    expect(cache.peek('c').value).toBe(3);
  });
});
