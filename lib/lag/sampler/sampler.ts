// The sampler: one independent loop per configured cluster, the latest state of every group and queue in
// memory, history in the store, transitions to the alert sinks. A BackgroundService of the Spillway
// process; also usable one-shot (the `spillway lag` command) without a store.
import type { TransitionSink } from '../../alerts/types';
import type { ClusterConfig, Config } from '../../config';
import type { Logger } from '../../logger';
import { withDeadline } from '../../sources/async';
import type { Source } from '../../sources/types';
import type { Store } from '../../store';
import { ClusterLoop, type RoundFn } from './cluster-loop';
import { KafkaClusterState } from './kafka-state';
import { HistoryMaintenance } from './maintenance';
import { type SamplerSettings, samplerSettings } from './options';
import { LagPersistence } from './persist';
import { RabbitmqClusterState } from './rabbitmq-state';
import { kafkaRound, rabbitmqRound } from './rounds';
import { defaultSourceFactory, type SourceFactory } from './sources';
import { TransitionBus } from './transitions';
import type { ClusterHealth } from './views';

/** How long stop() waits for each source to close. */
const CLOSE_TIMEOUT_MS = 2000;

export interface LagSamplerOptions {
  config: Config;
  /** History is written here and read back after a restart; none for a one-shot sample. */
  store?: Store;
  settings?: Partial<SamplerSettings>;
  sourceFactory?: SourceFactory;
  /** Adjusts a cluster's config at start (the embedded broker's real port when configured as 0). */
  resolveCluster?: (cluster: ClusterConfig) => ClusterConfig;
  /** Only these clusters (names); default all. */
  clusters?: readonly string[];
  sinks?: readonly TransitionSink[];
  log?: Logger;
}

export interface ClusterEntry {
  readonly config: ClusterConfig;
  readonly loop: ClusterLoop;
  readonly kafka: KafkaClusterState | null;
  readonly rabbitmq: RabbitmqClusterState | null;
  readonly source: Source | null;
}

export class LagSampler {
  readonly name = 'lag-sampler';
  readonly settings: SamplerSettings;
  readonly bus: TransitionBus;
  private readonly entries = new Map<string, ClusterEntry>();
  private readonly persistence: LagPersistence | null;
  private readonly maintenance: HistoryMaintenance | null;
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(private readonly options: LagSamplerOptions) {
    this.settings = samplerSettings(options.config, options.settings);
    this.bus = new TransitionBus(options.log?.child('alerts'));
    for (const sink of options.sinks ?? []) this.bus.add(sink);
    const store = options.store;
    this.persistence = store ? new LagPersistence(store.db, store.lag, this.settings) : null;
    this.maintenance = store ? new HistoryMaintenance(store.lag, this.settings) : null;
  }

  get store(): Store | undefined {
    return this.options.store;
  }

  /** Adds an alert sink; returns a function that removes it. */
  addSink(sink: TransitionSink): () => void {
    return this.bus.add(sink);
  }

  /** Starts every cluster's loop and the history job. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.init();
    for (const e of this.entries.values()) e.loop.start();
    if (this.maintenance) {
      const maintenance = this.maintenance;
      const tick = () => {
        maintenance.run().catch((error: unknown) => {
          this.options.log?.warn('lag history job failed', { error: (error as Error).message });
        });
      };
      this.maintenanceTimer = setInterval(tick, this.settings.maintenanceIntervalMs);
      this.maintenanceTimer.unref?.();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.maintenanceTimer);
    for (const e of this.entries.values()) e.loop.stop();
    // A source stuck on a silent cluster can take its client's request timeout to close: do not wait.
    await Promise.allSettled(
      [...this.entries.values()].map((e) =>
        e.source ? withDeadline(e.source.close(), CLOSE_TIMEOUT_MS) : Promise.resolve(),
      ),
    );
    await this.maintenance?.run().catch(() => undefined);
    this.started = false;
    this.entries.clear();
  }

  /** One round on every cluster, concurrently; resolves when all have answered or timed out. */
  async sampleOnce(): Promise<void> {
    this.init();
    await Promise.all([...this.entries.values()].map((e) => e.loop.runOnce()));
  }

  /** Runs the rollup/retention job now (tests, the bench). */
  runMaintenance(now?: number): Promise<unknown> {
    return this.maintenance?.run(now) ?? Promise.resolve();
  }

  /** Clusters in configuration order. */
  clusterEntries(): ClusterEntry[] {
    return [...this.entries.values()];
  }

  entry(cluster: string): ClusterEntry | undefined {
    return this.entries.get(cluster);
  }

  health(): ClusterHealth[] {
    return this.clusterEntries().map((e) => e.loop.health());
  }

  private init(): void {
    if (this.entries.size > 0) return;
    const only = this.options.clusters ? new Set(this.options.clusters) : null;
    for (const configured of this.options.config.clusters) {
      if (only && !only.has(configured.name)) continue;
      const config = this.options.resolveCluster?.(configured) ?? configured;
      this.entries.set(config.name, this.createEntry(config));
    }
  }

  private createEntry(config: ClusterConfig): ClusterEntry {
    const deps = { settings: this.settings, persistence: this.persistence, bus: this.bus };
    const p = this.persistence;
    let source: Source | null = null;
    let round: RoundFn | undefined;
    let kafka: KafkaClusterState | null = null;
    let rabbitmq: RabbitmqClusterState | null = null;
    try {
      source = (this.options.sourceFactory ?? defaultSourceFactory)(config);
    } catch (error) {
      round = () => Promise.reject(error);
    }
    if (config.kind === 'rabbitmq') {
      rabbitmq = new RabbitmqClusterState(config.name, this.settings, p?.rabbitmqRestore(config.name));
      if (source?.kind === 'rabbitmq') round = rabbitmqRound(source, rabbitmq, deps);
    } else {
      kafka = new KafkaClusterState(config.name, this.settings, p?.kafkaRestore(config.name));
      if (source?.kind === 'kafka') round = kafkaRound(source, kafka, deps);
    }
    round ??= () =>
      Promise.reject(new Error(`${config.name}: the source does not match kind ${config.kind}`));
    const loop = new ClusterLoop(
      config.name,
      config.kind,
      round,
      this.settings.intervalMs,
      this.settings.roundTimeoutMs,
    );
    return { config, loop, kafka, rabbitmq, source };
  }
}
