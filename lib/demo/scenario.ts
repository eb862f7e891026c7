// The demo's peak-shaving scenario (the seed article's section 1): orders arrive in bursts of ~5,000
// messages/s, the consumer group can only process ~2,000/s, so the backlog grows during a burst and drains
// in the quiet time after it. With the defaults one 30 s cycle shows both: +30,000 messages in 10 s, then
// drained in ~17 s at 2,000 − 200 = 1,800/s net. Pure: no I/O.
import { DEMO_PREFIX, type DemoScenario } from './types';

export const DEMO_TOPIC = `${DEMO_PREFIX}-orders`;
export const DEMO_GROUP = `${DEMO_PREFIX}-consumers`;

export const DEMO_DEFAULTS: Readonly<DemoScenario> = Object.freeze({
  burstRate: 5_000,
  burstSeconds: 10,
  quietRate: 200,
  quietSeconds: 20,
  consumerRate: 2_000,
  partitions: 4,
  durationSeconds: 300,
});

/** Upper bounds an API caller may ask for (the demo must never flood the machine). */
export const DEMO_LIMITS = Object.freeze({
  maxRate: 20_000,
  maxDurationSeconds: 3_600,
  maxPartitions: 32,
});

export interface DemoPhase {
  phase: 'burst' | 'quiet';
  /** Target producer rate now, messages/s. */
  rate: number;
}

/** The phase and target rate `elapsedMs` after the start: a burst opens every cycle. */
export function phaseAt(s: DemoScenario, elapsedMs: number): DemoPhase {
  const cycleMs = (s.burstSeconds + s.quietSeconds) * 1000;
  const at = cycleMs > 0 ? Math.max(0, elapsedMs) % cycleMs : 0;
  return at < s.burstSeconds * 1000
    ? { phase: 'burst', rate: s.burstRate }
    : { phase: 'quiet', rate: s.quietRate };
}

/**
 * The backlog the scenario predicts at `elapsedMs` (rates exactly met): what the dashboard should roughly
 * show. Used by tests and the CLI's progress line.
 */
export function expectedBacklog(s: DemoScenario, elapsedMs: number, stepMs = 100): number {
  let backlog = 0;
  for (let t = 0; t < elapsedMs; t += stepMs) {
    const dt = Math.min(stepMs, elapsedMs - t) / 1000;
    backlog = Math.max(0, backlog + phaseAt(s, t).rate * dt - s.consumerRate * dt);
  }
  return Math.round(backlog);
}

/** Messages the producer owes at `elapsedMs`: the integral of the target rate. */
export function producedTarget(s: DemoScenario, elapsedMs: number): number {
  const cycleMs = (s.burstSeconds + s.quietSeconds) * 1000;
  const perCycle = s.burstRate * s.burstSeconds + s.quietRate * s.quietSeconds;
  if (cycleMs <= 0) return 0;
  const cycles = Math.floor(elapsedMs / cycleMs);
  const at = elapsedMs - cycles * cycleMs;
  const burstMs = Math.min(at, s.burstSeconds * 1000);
  const quietMs = Math.max(0, at - s.burstSeconds * 1000);
  return Math.floor(cycles * perCycle + (s.burstRate * burstMs + s.quietRate * quietMs) / 1000);
}
