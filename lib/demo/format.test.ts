import { describe, expect, it } from 'vitest';
import { formatDemoLine } from './format';
import { DEMO_DEFAULTS } from './scenario';
import type { DemoStatus } from './types';

const base: DemoStatus = {
  state: 'running',
  cluster: 'embedded',
  topic: 'spillway-demo-orders',
  group: 'spillway-demo-consumers',
  scenario: { ...DEMO_DEFAULTS },
  startedAt: 0,
  endsAt: 300_000,
  stoppedAt: null,
  phase: 'burst',
  targetRate: 5000,
  produced: 50_000,
  consumed: 20_000,
  error: null,
};

describe('formatDemoLine', () => {
  it('shows the phase, rates, progress and the backlog while running', () => {
    expect(formatDemoLine(base, 100_000)).toBe(
      'demo: burst at 5,000 msg/s (consumers 2,000 msg/s) — produced 50,000, consumed 20,000, backlog ≈ 30,000, stops in 200s',
    );
  });
  it('reports how a run ended', () => {
    expect(formatDemoLine({ ...base, state: 'stopped' })).toContain('left in spillway-demo-orders: 30,000');
    expect(formatDemoLine({ ...base, state: 'failed', error: 'broker gone' })).toBe(
      'demo: failed: broker gone',
    );
    expect(formatDemoLine({ ...base, state: 'idle' })).toBe('demo: not running on embedded');
  });
});
