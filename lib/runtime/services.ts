import type { Logger } from '../logger';

/** A background part of the Spillway process (embedded broker, sampler, job runner). */
export interface BackgroundService {
  readonly name: string;
  start(): Promise<void>;
  /** Stops cleanly: finish or checkpoint in-flight work, release ports and files. */
  stop(): Promise<void>;
}

export type ServiceState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  error?: string;
}

/**
 * Starts services once, in registration order, and stops them in reverse order. A service that fails to
 * start stops the ones already started and the error propagates; stop() never throws (it logs).
 */
export class ServiceRegistry {
  private readonly entries: { service: BackgroundService; state: ServiceState; error?: string }[] = [];
  private started = false;

  constructor(
    private readonly log: Logger,
    private readonly stopTimeoutMs = 15_000,
  ) {}

  add(service: BackgroundService): this {
    if (this.started) throw new Error(`cannot add service "${service.name}" after start`);
    if (this.entries.some((e) => e.service.name === service.name)) {
      throw new Error(`service "${service.name}" is already registered`);
    }
    this.entries.push({ service, state: 'idle' });
    return this;
  }

  async startAll(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const entry of this.entries) {
      entry.state = 'starting';
      const t0 = Date.now();
      try {
        await entry.service.start();
        entry.state = 'running';
        this.log.info('service started', { service: entry.service.name, ms: Date.now() - t0 });
      } catch (err) {
        entry.state = 'failed';
        entry.error = (err as Error).message;
        await this.stopAll();
        throw err;
      }
    }
  }

  async stopAll(): Promise<void> {
    for (const entry of [...this.entries].reverse()) {
      if (entry.state !== 'running' && entry.state !== 'starting') continue;
      entry.state = 'stopping';
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          entry.service.stop(),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`did not stop within ${this.stopTimeoutMs} ms`)),
              this.stopTimeoutMs,
            );
          }),
        ]);
        entry.state = 'stopped';
        this.log.info('service stopped', { service: entry.service.name });
      } catch (err) {
        entry.state = 'failed';
        entry.error = (err as Error).message;
        this.log.error('service failed to stop', { service: entry.service.name, error: entry.error });
      } finally {
        clearTimeout(timer);
      }
    }
  }

  status(): ServiceStatus[] {
    return this.entries.map((e) => ({
      name: e.service.name,
      state: e.state,
      ...(e.error ? { error: e.error } : {}),
    }));
  }
}
