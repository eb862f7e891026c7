/** `memory://` LogManager: the same topic rules and configs as the file manager, nothing on disk. */
import { KafkaProtocolError } from '../errors';
import { describeConfigs, resolveSettings, validateConfigs } from './config';
import type { LogManagerOptions } from './log-manager';
import { MemoryPartitionLog } from './memory-log';
import {
  checkPartitionGrowth,
  nextConfigs,
  planNewTopic,
  unknownPartition,
  unknownTopic,
} from './topic-admin';
import type { TopicMeta } from './topic-store';
import type {
  AlterConfigsOptions,
  ConfigEntry,
  CreateTopicOptions,
  LogManager,
  PartitionLog,
  TopicDescription,
  TopicSettings,
} from './types';

interface TopicState {
  meta: TopicMeta;
  settings: TopicSettings;
  partitions: MemoryPartitionLog[];
}

export class MemoryLogManager implements LogManager {
  private readonly topics = new Map<string, TopicState>();
  private readonly brokerDefaults: Record<string, string>;
  private readonly clock: () => number;
  private retentionTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: LogManagerOptions = {}) {
    this.brokerDefaults = validateConfigs(options.topicDefaults ?? {});
    this.clock = options.clock ?? Date.now;
  }

  private check(): void {
    if (this.closed) throw new KafkaProtocolError('KAFKA_STORAGE_ERROR', 'the log manager is closed');
  }

  private state(name: string): TopicState {
    const state = this.topics.get(name);
    if (state === undefined) throw unknownTopic(name);
    return state;
  }

  private grow(state: TopicState, total: number): void {
    const ctx = {
      clock: this.clock,
      leaderEpoch: this.options.leaderEpoch ?? 0,
      settings: () => state.settings,
    };
    for (let p = state.partitions.length; p < total; p++) {
      state.partitions.push(new MemoryPartitionLog(state.meta.name, p, ctx));
    }
  }

  private describe(state: TopicState): TopicDescription {
    const m = state.meta;
    return { name: m.name, topicId: m.topicId, partitions: m.partitions, configs: { ...m.configs } };
  }

  async createTopic(
    name: string,
    partitions: number,
    configs: Record<string, string> = {},
    options: CreateTopicOptions = {},
  ): Promise<TopicDescription> {
    this.check();
    const meta = planNewTopic(
      name,
      partitions,
      configs,
      this.options.defaultPartitions ?? 1,
      this.topics.keys(),
    );
    if (options.validateOnly) return { ...meta, configs: { ...meta.configs } };
    const state: TopicState = {
      meta,
      settings: resolveSettings(meta.configs, this.brokerDefaults),
      partitions: [],
    };
    this.grow(state, meta.partitions);
    this.topics.set(name, state);
    return this.describe(state);
  }

  async deleteTopic(name: string): Promise<void> {
    this.check();
    const state = this.state(name);
    this.topics.delete(name);
    for (const p of state.partitions) p.close();
  }

  async createPartitions(name: string, total: number, options: CreateTopicOptions = {}): Promise<void> {
    this.check();
    const state = this.state(name);
    checkPartitionGrowth(name, state.meta.partitions, total);
    if (options.validateOnly) return;
    state.meta = { ...state.meta, partitions: total };
    this.grow(state, total);
  }

  describeConfigs(name: string, keys?: readonly string[]): ConfigEntry[] {
    return describeConfigs(this.state(name).meta.configs, this.brokerDefaults, keys);
  }

  async alterConfigs(
    name: string,
    configs: Record<string, string | null>,
    options: AlterConfigsOptions = {},
  ): Promise<void> {
    this.check();
    const state = this.state(name);
    const next = nextConfigs(state.meta.configs, configs, options.replace ?? false);
    if (options.validateOnly) return;
    state.meta = { ...state.meta, configs: next };
    state.settings = resolveSettings(next, this.brokerDefaults);
  }

  listTopics(): TopicDescription[] {
    return [...this.topics.values()]
      .map((s) => this.describe(s))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  topic(name: string): TopicDescription | undefined {
    const state = this.topics.get(name);
    return state === undefined ? undefined : this.describe(state);
  }

  partition(topic: string, partition: number): PartitionLog {
    const log = this.topics.get(topic)?.partitions[partition];
    if (log === undefined) throw unknownPartition(topic, partition);
    return log;
  }

  async runRetention(): Promise<void> {
    const now = this.clock();
    const expiration = this.options.producerIdExpirationMs ?? 86_400_000;
    for (const state of this.topics.values()) {
      for (const p of state.partitions) {
        p.applyRetention(now);
        p.expireProducers(now, expiration);
      }
    }
  }

  startRetention(intervalMs = this.options.retentionCheckIntervalMs ?? 300_000): void {
    this.stopRetention();
    this.retentionTimer = setInterval(() => void this.runRetention(), intervalMs);
    this.retentionTimer.unref();
  }

  stopRetention(): void {
    if (this.retentionTimer !== null) clearInterval(this.retentionTimer);
    this.retentionTimer = null;
  }

  async close(): Promise<void> {
    this.stopRetention();
    this.closed = true;
    for (const state of this.topics.values()) for (const p of state.partitions) p.close();
    this.topics.clear();
  }
}
