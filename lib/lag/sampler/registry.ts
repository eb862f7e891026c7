// How route handlers reach the process's sampler. As with the runtime context (lib/runtime/context.ts),
// Next.js bundles route code apart from the process that hosts it; a Symbol.for key on globalThis is
// shared by both module graphs.
import type { LagSampler } from './sampler';

const KEY = Symbol.for('spillway.lag.sampler');
type Holder = { [KEY]?: LagSampler };

export function setLagSampler(sampler: LagSampler | undefined): void {
  (globalThis as Holder)[KEY] = sampler;
}

/** The running sampler, if the process has one. */
export function currentLagSampler(): LagSampler | undefined {
  return (globalThis as Holder)[KEY];
}
