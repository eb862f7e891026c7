import { describe, expect, it } from 'vitest';
import { RecordTimestampCache } from './timestamps';

describe('RecordTimestampCache', () => {
  it('selects uncached positions, largest backlog first, deduplicated and within the budget', () => {
    const c = new RecordTimestampCache(60_000);
    c.store([{ topic: 't', partition: 0, offset: 5, timestamp: 111, recordOffset: 5, reason: null }], 1000);
    const wants = [
      { topic: 't', partition: 0, offset: 5, lag: 100 },
      { topic: 't', partition: 1, offset: 7, lag: 3 },
      { topic: 't', partition: 2, offset: 9, lag: 50 },
      { topic: 't', partition: 2, offset: 9, lag: 60 },
    ];
    expect(c.select(wants, 5, 2000)).toEqual([
      { topic: 't', partition: 2, offset: 9 },
      { topic: 't', partition: 1, offset: 7 },
    ]);
    expect(c.select(wants, 1, 2000)).toEqual([{ topic: 't', partition: 2, offset: 9 }]);
    expect(c.get('t', 0, 5, 2000)).toBe(111);
  });

  it('retries unreadable positions only after retryMs, and forgets positions nobody uses', () => {
    const c = new RecordTimestampCache(10_000);
    c.store(
      [{ topic: 't', partition: 0, offset: 1, timestamp: null, recordOffset: null, reason: 'end-of-log' }],
      0,
    );
    const want = [{ topic: 't', partition: 0, offset: 1, lag: 1 }];
    expect(c.get('t', 0, 1, 5000)).toBeUndefined();
    expect(c.select(want, 10, 5000)).toEqual([]);
    expect(c.select(want, 10, 10_000)).toHaveLength(1);
    c.store([{ topic: 't', partition: 0, offset: 2, timestamp: 7, recordOffset: 2, reason: null }], 20_000);
    c.get('t', 0, 2, 30_000);
    c.sweep(30_000);
    expect(c.size).toBe(1);
    c.forgetPartition('t', 0);
    expect(c.size).toBe(0);
  });
});
