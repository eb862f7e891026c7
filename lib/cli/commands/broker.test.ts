import { expect, it } from 'vitest';
import { BROKER_DEFAULTS } from '../../broker/server';
import { DEFAULTS } from './broker';

it('the broker command defaults match the broker defaults', () => {
  for (const [k, v] of Object.entries(DEFAULTS))
    expect(BROKER_DEFAULTS[k as keyof typeof BROKER_DEFAULTS]).toBe(v);
});
