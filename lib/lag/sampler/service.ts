// The sampler as a background service of the Spillway process (lib/runtime/server.ts registers it after
// the embedded broker, whose real port it needs when the config says 0).
import type { TransitionSink } from '../../alerts/types';
import type { ClusterConfig, Config } from '../../config';
import type { Logger } from '../../logger';
import type { BackgroundService } from '../../runtime/services';
import type { Store } from '../../store';
import type { SamplerSettings } from './options';
import { setLagSampler } from './registry';
import { LagSampler } from './sampler';

export interface LagSamplerServiceOptions {
  config: Config;
  store: Store;
  log: Logger;
  /** The port the embedded broker actually listens on, once started. */
  embeddedPort?: () => number | undefined;
  settings?: Partial<SamplerSettings>;
  sinks?: readonly TransitionSink[];
}

export class LagSamplerService implements BackgroundService {
  readonly name = 'lag-sampler';
  private current: LagSampler | undefined;

  constructor(private readonly options: LagSamplerServiceOptions) {}

  /** The running sampler (after start). */
  get sampler(): LagSampler | undefined {
    return this.current;
  }

  async start(): Promise<void> {
    const { config, store, log, embeddedPort } = this.options;
    const resolveCluster = (c: ClusterConfig): ClusterConfig =>
      c.kind === 'embedded' ? { ...c, port: embeddedPort?.() ?? c.port } : c;
    const sampler = new LagSampler({
      config,
      store,
      log,
      resolveCluster,
      ...(this.options.settings ? { settings: this.options.settings } : {}),
      ...(this.options.sinks ? { sinks: this.options.sinks } : {}),
    });
    await sampler.start();
    this.current = sampler;
    setLagSampler(sampler);
  }

  async stop(): Promise<void> {
    setLagSampler(undefined);
    await this.current?.stop();
    this.current = undefined;
  }
}
