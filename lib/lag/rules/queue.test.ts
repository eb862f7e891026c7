import { describe, expect, it } from 'vitest';
import {
  type QueueSample,
  queueBacklogNotDecreasing,
  queueBacklogWithinAllowance,
  queueEverWithinAllowance,
  queueHasNoConsumers,
  queueStalled,
} from './queue';

const samples = (messages: number[], consumers = 1): QueueSample[] =>
  messages.map((m, i) => ({ t: i * 10_000, messages: m, consumers }));

describe('queue rules', () => {
  it('Q0 an empty queue is within the allowance; a backlog over it is not', () => {
    expect(queueBacklogWithinAllowance(0, 0)).toBe(true);
    expect(queueBacklogWithinAllowance(10, 10)).toBe(true);
    expect(queueBacklogWithinAllowance(11, 10)).toBe(false);
  });
  it('Q1 no consumers', () => {
    expect(queueHasNoConsumers(0)).toBe(true);
    expect(queueHasNoConsumers(3)).toBe(false);
  });
  it('Q2 emptied somewhere in the window', () => {
    expect(queueEverWithinAllowance(samples([50, 0, 40]), 0)).toBe(true);
    expect(queueEverWithinAllowance(samples([50, 30, 40]), 0)).toBe(false);
    expect(queueEverWithinAllowance([], 0)).toBe(false);
  });
  it('Q3 stalled only when the out-rate is known to be zero', () => {
    expect(queueStalled(0)).toBe(true);
    expect(queueStalled(0.5)).toBe(false);
    expect(queueStalled(null)).toBe(false);
  });
  it('Q4 backlog never decreasing over ≥ 2 samples', () => {
    expect(queueBacklogNotDecreasing(samples([10, 10, 30]))).toBe(true);
    expect(queueBacklogNotDecreasing(samples([10, 9, 30]))).toBe(false);
    expect(queueBacklogNotDecreasing(samples([10]))).toBe(false);
  });
});
