// The demo workload's status as GET/POST/DELETE /api/demo answer it. Pure types: safe for client components.

/** Every demo topic and group starts with this, so the dashboard can label them as demo data. */
export const DEMO_PREFIX = 'spillway-demo';

export type DemoState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

/** The peak-shaving scenario: bursts faster than the consumers, then quiet time to drain. */
export interface DemoScenario {
  /** Producer rate during a burst, messages/s. */
  burstRate: number;
  burstSeconds: number;
  /** Producer rate between bursts, messages/s. */
  quietRate: number;
  quietSeconds: number;
  /** The consumer group's processing limit, messages/s. */
  consumerRate: number;
  partitions: number;
  /** The demo stops by itself after this long. */
  durationSeconds: number;
}

export interface DemoStatus {
  state: DemoState;
  /** The embedded cluster the demo runs on; null when none is configured. */
  cluster: string | null;
  topic: string;
  group: string;
  scenario: DemoScenario;
  startedAt: number | null;
  /** When it stops by itself. */
  endsAt: number | null;
  stoppedAt: number | null;
  /** `burst` or `quiet` while running. */
  phase: 'burst' | 'quiet' | null;
  /** Target producer rate right now, messages/s. */
  targetRate: number;
  produced: number;
  consumed: number;
  /** Why it failed or could not start. */
  error: string | null;
}

/** Demo data is anything named with the demo prefix. */
export function isDemoName(name: string): boolean {
  return name.startsWith(DEMO_PREFIX);
}
