// The demo as an on-demand background service of the Spillway process: at most one run at a time, started
// and stopped through /api/demo or `spillway demo`, stopped by itself after its duration and when the
// process receives SIGINT/SIGTERM. Held on globalThis: Next.js bundles each route apart (see
// lib/runtime/context.ts), and every bundle must see the same run.
import { DEMO_DEFAULTS, DEMO_GROUP, DEMO_TOPIC, phaseAt } from './scenario';
import type { DemoScenario, DemoStatus } from './types';
import { DemoWorkload } from './workload';

export interface DemoTarget {
  cluster: string;
  bootstrap: string;
  /** SASL/PLAIN credentials when the embedded broker requires them (never part of a status). */
  sasl?: { username: string; password: string };
}

export class DemoController {
  private status: DemoStatus = idleStatus(null);
  private workload: DemoWorkload | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  private readonly onSignal = () => void this.stop();

  current(now = Date.now()): DemoStatus {
    const s = this.status;
    const w = this.workload;
    if (s.state !== 'running' || !w || s.startedAt === null)
      return { ...s, ...(w ? { produced: w.produced, consumed: w.consumed } : {}) };
    const p = phaseAt(s.scenario, now - s.startedAt);
    return { ...s, phase: p.phase, targetRate: p.rate, produced: w.produced, consumed: w.consumed };
  }

  /** Starts a run; when one is already running or starting, returns its status unchanged. */
  async start(target: DemoTarget, overrides: Partial<DemoScenario> = {}): Promise<DemoStatus> {
    if (this.status.state === 'running' || this.status.state === 'starting') return this.current();
    if (this.stopping) await this.stopping;
    const scenario: DemoScenario = { ...DEMO_DEFAULTS, ...overrides };
    this.status = { ...idleStatus(target.cluster), state: 'starting', scenario };
    const workload = new DemoWorkload({
      bootstrap: target.bootstrap,
      ...(target.sasl ? { sasl: target.sasl } : {}),
      topic: DEMO_TOPIC,
      group: DEMO_GROUP,
      scenario,
      onFailure: (error) => void this.fail(error),
    });
    this.workload = workload;
    try {
      await workload.start();
    } catch (error) {
      // A stop() during the start tore this workload down; that is not a failure of the demo.
      if (this.workload === workload) await this.fail(error as Error);
      return this.current();
    }
    // stop() ran while the workload was connecting: it is stopped (or stopping); do not revive it.
    if (this.workload !== workload || this.status.state !== 'starting') {
      await workload.stop().catch(() => undefined);
      return this.current();
    }
    const now = Date.now();
    this.status = {
      ...this.status,
      state: 'running',
      startedAt: now,
      endsAt: now + scenario.durationSeconds * 1000,
    };
    this.timer = setTimeout(() => void this.stop(), scenario.durationSeconds * 1000);
    this.timer.unref?.();
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
    return this.current();
  }

  /** Stops the run (idempotent); resolves once every client has disconnected. */
  stop(): Promise<DemoStatus> {
    if (!this.workload || this.status.state === 'stopped' || this.status.state === 'failed') {
      return Promise.resolve(this.current());
    }
    this.stopping ??= (async () => {
      this.status = { ...this.current(), state: 'stopping' };
      await this.teardown();
      this.status = { ...this.status, state: 'stopped', stoppedAt: Date.now(), phase: null, targetRate: 0 };
    })().finally(() => {
      this.stopping = null;
    });
    return this.stopping.then(() => this.current());
  }

  private async fail(error: Error): Promise<void> {
    if (this.stopping || (this.status.state !== 'running' && this.status.state !== 'starting')) return;
    const message = (error.message.split('\n')[0] ?? error.name).trim() || error.name;
    this.status = { ...this.current(), state: 'stopping' };
    await this.teardown();
    this.status = {
      ...this.status,
      state: 'failed',
      error: message,
      stoppedAt: Date.now(),
      phase: null,
      targetRate: 0,
    };
  }

  private async teardown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    const w = this.workload;
    if (!w) return;
    await w.stop();
    this.status = { ...this.status, produced: w.produced, consumed: w.consumed };
    this.workload = null;
  }
}

function idleStatus(cluster: string | null): DemoStatus {
  return {
    state: 'idle',
    cluster,
    topic: DEMO_TOPIC,
    group: DEMO_GROUP,
    scenario: { ...DEMO_DEFAULTS },
    startedAt: null,
    endsAt: null,
    stoppedAt: null,
    phase: null,
    targetRate: 0,
    produced: 0,
    consumed: 0,
    error: null,
  };
}

const KEY = Symbol.for('spillway.demo');

/** The process's demo controller. */
export function demoController(): DemoController {
  const holder = globalThis as unknown as Record<symbol, DemoController | undefined>;
  let c = holder[KEY];
  if (!c) {
    c = new DemoController();
    holder[KEY] = c;
  }
  return c;
}
