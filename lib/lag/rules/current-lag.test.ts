import { describe, expect, it } from 'vitest';
import { currentLagWithinAllowance } from './current-lag';

describe('Rule 0 currentLagWithinAllowance', () => {
  it('zero lag is within the default allowance of 0', () => {
    expect(currentLagWithinAllowance(0, 0)).toBe(true);
  });
  it('any lag exceeds an allowance of 0', () => {
    expect(currentLagWithinAllowance(1, 0)).toBe(false);
  });
  it('lag equal to the allowance is within it; one more is not', () => {
    expect(currentLagWithinAllowance(99, 99)).toBe(true);
    expect(currentLagWithinAllowance(100, 99)).toBe(false);
  });
});
