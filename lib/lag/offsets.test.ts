import { describe, expect, it } from 'vitest';
import { groupLag, lagTotals, maxLagPartition, partitionLag, topicLags } from './offsets';
import type { PartitionOffsets } from './types';

const p = (topic: string, partition: number, committed: number | null, logStart: number, end: number) =>
  ({ topic, partition, committed, logStart, end }) satisfies PartitionOffsets;

describe('partitionLag', () => {
  it('is end − committed for a commit inside the log', () => {
    expect(partitionLag(p('t', 0, 40, 0, 100))).toMatchObject({ lag: 60, position: 40, noCommit: false });
  });
  it('is 0 when caught up', () => {
    expect(partitionLag(p('t', 0, 100, 0, 100)).lag).toBe(0);
  });
  it('counts from logStart when retention deleted records the group never read', () => {
    const l = partitionLag(p('t', 0, 10, 50, 100));
    expect(l).toMatchObject({ lag: 50, position: 50, skippedByRetention: 40 });
  });
  it('is never negative: a commit past the end (stale HWM, truncation) is flagged and gives 0', () => {
    expect(partitionLag(p('t', 0, 120, 0, 100))).toMatchObject({ lag: 0, aheadOfEnd: true });
  });
  it('no commit: lag null and flagged, not a number pulled from nowhere', () => {
    expect(partitionLag(p('t', 0, null, 5, 100))).toMatchObject({
      lag: null,
      position: null,
      noCommit: true,
      assumed: false,
    });
  });
  it("Kafka's −1 'no offset' sentinel is treated as no commit", () => {
    const l = partitionLag(p('t', 0, -1, 0, 100));
    expect(l.committed).toBeNull();
    expect(l.noCommit).toBe(true);
  });
  it("policy 'earliest' assumes a start at logStart, flagged as assumed", () => {
    expect(partitionLag(p('t', 0, null, 5, 100), 'earliest')).toMatchObject({
      lag: 95,
      assumed: true,
      noCommit: true,
    });
  });
  it("policy 'latest' assumes a start at the end", () => {
    expect(partitionLag(p('t', 0, null, 5, 100), 'latest')).toMatchObject({ lag: 0, assumed: true });
  });
});

describe('totals', () => {
  const parts = [
    p('orders', 0, 90, 0, 100),
    p('orders', 1, 50, 0, 100),
    p('payments', 0, null, 0, 30),
    p('payments', 1, 0, 0, 50),
  ].map((x) => partitionLag(x));

  it('group total sums known lags and counts partitions without a commit', () => {
    expect(lagTotals(parts)).toMatchObject({
      lag: 110,
      partitions: 4,
      partitionsKnown: 3,
      partitionsWithoutCommit: 1,
      complete: false,
    });
  });
  it('max-lag partition', () => {
    expect(maxLagPartition(parts)).toMatchObject({ topic: 'orders', partition: 1, lag: 50 });
  });
  it('ties go to the first partition in input order', () => {
    const tie = [p('a', 3, 0, 0, 10), p('a', 1, 0, 0, 10)].map((x) => partitionLag(x));
    expect(maxLagPartition(tie)?.partition).toBe(3);
  });
  it('topic totals, in order of first appearance', () => {
    const topics = topicLags(parts);
    expect(topics.map((t) => [t.topic, t.lag, t.complete])).toEqual([
      ['orders', 60, true],
      ['payments', 50, false],
    ]);
  });
  it('group = totals + topics', () => {
    const g = groupLag(parts);
    expect(g.lag).toBe(110);
    expect(g.topics).toHaveLength(2);
  });
  it('no known lag at all: total null, max null', () => {
    const none = [partitionLag(p('t', 0, null, 0, 10))];
    expect(lagTotals(none)).toMatchObject({ lag: null, maxLag: null, complete: false });
  });
  it('no partitions: total null, complete', () => {
    expect(lagTotals([])).toMatchObject({ lag: null, partitions: 0, complete: true });
  });
});
