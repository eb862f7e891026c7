import { describe, expect, it } from 'vitest';
import { DEMO_DEFAULTS, DEMO_GROUP, DEMO_TOPIC, expectedBacklog, phaseAt, producedTarget } from './scenario';
import { TokenBucket } from './token-bucket';
import { isDemoName } from './types';

describe('the peak-shaving scenario', () => {
  it('names its topic and group with the demo prefix', () => {
    expect(isDemoName(DEMO_TOPIC)).toBe(true);
    expect(isDemoName(DEMO_GROUP)).toBe(true);
    expect(isDemoName('orders')).toBe(false);
  });

  it('produces faster than the consumers during a burst, slower after it', () => {
    expect(DEMO_DEFAULTS.burstRate).toBeGreaterThan(DEMO_DEFAULTS.consumerRate);
    expect(DEMO_DEFAULTS.quietRate).toBeLessThan(DEMO_DEFAULTS.consumerRate);
    expect(phaseAt(DEMO_DEFAULTS, 0)).toEqual({ phase: 'burst', rate: 5000 });
    expect(phaseAt(DEMO_DEFAULTS, 9_999).phase).toBe('burst');
    expect(phaseAt(DEMO_DEFAULTS, 10_000)).toEqual({ phase: 'quiet', rate: 200 });
    expect(phaseAt(DEMO_DEFAULTS, 30_000).phase).toBe('burst');
  });

  it('grows a backlog and drains it within one 30 s cycle', () => {
    expect(expectedBacklog(DEMO_DEFAULTS, 10_000)).toBe(30_000);
    expect(expectedBacklog(DEMO_DEFAULTS, 20_000)).toBe(12_000);
    expect(expectedBacklog(DEMO_DEFAULTS, 28_000)).toBe(0);
  });

  it('integrates the target rate into a message count', () => {
    expect(producedTarget(DEMO_DEFAULTS, 1_000)).toBe(5_000);
    expect(producedTarget(DEMO_DEFAULTS, 15_000)).toBe(51_000);
    expect(producedTarget(DEMO_DEFAULTS, 30_000)).toBe(54_000);
    expect(producedTarget(DEMO_DEFAULTS, 31_000)).toBe(59_000);
  });
});

describe('TokenBucket', () => {
  it('lets a full bucket through, then spaces takes at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(2000, 200, () => now);
    expect(bucket.reserve(200)).toBe(0);
    expect(bucket.reserve(100)).toBe(50);
    now = 50;
    expect(bucket.reserve(100)).toBe(50);
  });

  it('refills over time up to its capacity', () => {
    let now = 0;
    const bucket = new TokenBucket(1000, 100, () => now);
    bucket.reserve(100);
    now = 10_000;
    expect(bucket.reserve(100)).toBe(0);
    expect(bucket.reserve(1)).toBeGreaterThan(0);
  });

  it('returns at once when aborted', async () => {
    const bucket = new TokenBucket(1, 0);
    const ac = new AbortController();
    const taking = bucket.take(1000, ac.signal);
    ac.abort();
    await expect(taking).resolves.toBeUndefined();
  });
});
