/**
 * The file-backed LogManager: topics, their partition logs, topic configs, the shared fsync scheduler and
 * the periodic retention task. See topic-store.ts for the directory layout.
 */
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { KafkaProtocolError } from '../errors';
import { describeConfigs, resolveSettings, validateConfigs } from './config';
import { fsyncDir } from './fs-util';
import { DEFAULT_FSYNC_POLICY, parseFsyncPolicy, SyncScheduler } from './fsync';
import { FilePartitionLog, type PartitionContext } from './partition-log';
import {
  checkPartitionGrowth,
  nextConfigs,
  planNewTopic,
  unknownPartition,
  unknownTopic,
} from './topic-admin';
import {
  listTopicDirs,
  lockDataDir,
  partitionDir,
  readTopicMeta,
  type TopicMeta,
  topicDir,
  topicsDir,
  writeTopicMeta,
} from './topic-store';
import type {
  AlterConfigsOptions,
  ConfigEntry,
  CreateTopicOptions,
  FsyncPolicy,
  LogManager,
  PartitionLog,
  TopicDescription,
  TopicSettings,
} from './types';

export interface LogManagerOptions {
  /** 'group' (default), 'always', 'never', 'interval:<ms>'. */
  fsync?: FsyncPolicy | string;
  /** Partitions of a topic created with -1 (auto-creation). Default 1. */
  defaultPartitions?: number;
  /** Broker-level defaults by Kafka topic-config name, e.g. {'segment.bytes': '1048576'}. */
  topicDefaults?: Record<string, string>;
  /** Bytes of recent batches kept in memory per partition for tailing consumers. Default 1 MiB. */
  tailCacheBytes?: number;
  /**
   * Max concurrent fdatasyncs across the manager (they run on the libuv pool, with every fs read/write).
   * Default 8: with one fsync per partition per round, more parallel fsyncs let the filesystem merge
   * journal commits; beyond that they only queue in libuv.
   */
  syncConcurrency?: number;
  /** Period of the retention task. Default 5 minutes (log.retention.check.interval.ms). */
  retentionCheckIntervalMs?: number;
  /** Idle time after which idempotent-producer state is dropped. Default 1 day. */
  producerIdExpirationMs?: number;
  leaderEpoch?: number;
  clock?: () => number;
  warn?: (message: string) => void;
}

interface TopicState {
  meta: TopicMeta;
  settings: TopicSettings;
  partitions: FilePartitionLog[];
}

export class FileLogManager implements LogManager {
  private readonly topics = new Map<string, TopicState>();
  private readonly reserved = new Set<string>();
  private readonly scheduler: SyncScheduler;
  private readonly policy: FsyncPolicy;
  private readonly clock: () => number;
  private readonly warn: (message: string) => void;
  private readonly brokerDefaults: Record<string, string>;
  private retentionTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private retentionRunning: Promise<void> | null = null;
  private admin: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly dataDir: string,
    private readonly options: LogManagerOptions,
    private readonly unlock: () => Promise<void>,
  ) {
    this.policy = parseFsyncPolicy(options.fsync ?? DEFAULT_FSYNC_POLICY);
    this.scheduler = new SyncScheduler(options.syncConcurrency ?? 8);
    this.clock = options.clock ?? Date.now;
    this.warn = options.warn ?? ((m) => console.warn(`[log] ${m}`));
    this.brokerDefaults = validateConfigs(options.topicDefaults ?? {});
  }

  /** Opens (creating if needed) a data directory, recovering every partition. */
  static async open(dataDir: string, options: LogManagerOptions = {}): Promise<FileLogManager> {
    parseFsyncPolicy(options.fsync ?? DEFAULT_FSYNC_POLICY);
    validateConfigs(options.topicDefaults ?? {});
    await fsp.mkdir(topicsDir(dataDir), { recursive: true });
    const unlock = await lockDataDir(dataDir);
    const manager = new FileLogManager(dataDir, options, unlock);
    try {
      await manager.load();
    } catch (err) {
      await manager.close().catch(() => undefined);
      throw err;
    }
    return manager;
  }

  private async load(): Promise<void> {
    await fsp.rm(join(this.dataDir, 'tmp'), { recursive: true, force: true });
    await fsp.rm(join(this.dataDir, 'deleted'), { recursive: true, force: true });
    for (const name of await listTopicDirs(this.dataDir)) {
      const meta = await readTopicMeta(topicDir(this.dataDir, name));
      if (meta === null) {
        this.warn(`${topicDir(this.dataDir, name)} has no topic.json, ignored`);
        continue;
      }
      await this.register(meta);
    }
    if (this.policy.kind === 'interval') {
      this.flushTimer = setInterval(() => this.flushAll(), this.policy.ms);
      this.flushTimer.unref();
    }
  }

  private async register(meta: TopicMeta): Promise<TopicState> {
    const state: TopicState = {
      meta,
      settings: resolveSettings(meta.configs, this.brokerDefaults),
      partitions: [],
    };
    await this.openPartitions(state, 0, meta.partitions);
    this.topics.set(meta.name, state);
    return state;
  }

  private async openPartitions(state: TopicState, from: number, to: number): Promise<void> {
    const ctx: PartitionContext = {
      scheduler: this.scheduler,
      policy: this.policy,
      clock: this.clock,
      tailCacheBytes: this.options.tailCacheBytes ?? 1024 * 1024,
      leaderEpoch: this.options.leaderEpoch ?? 0,
      settings: () => state.settings,
      warn: this.warn,
    };
    const name = state.meta.name;
    const opened: FilePartitionLog[] = [];
    for (let start = from; start < to; start += 8) {
      const ids = Array.from({ length: Math.min(8, to - start) }, (_, i) => start + i);
      opened.push(
        ...(await Promise.all(
          ids.map((p) => FilePartitionLog.open(name, p, partitionDir(this.dataDir, name, p), ctx)),
        )),
      );
    }
    state.partitions.push(...opened);
  }

  private flushAll(): void {
    for (const t of this.topics.values()) for (const p of t.partitions) p.flushSoon();
  }

  /** Admin operations run one at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.admin.then(() => {
      if (this.closed) throw new KafkaProtocolError('KAFKA_STORAGE_ERROR', 'the log manager is closed');
      return fn();
    });
    this.admin = run.catch(() => undefined);
    return run;
  }

  private state(name: string): TopicState {
    const state = this.topics.get(name);
    if (state === undefined) throw unknownTopic(name);
    return state;
  }

  private describe(state: TopicState): TopicDescription {
    const m = state.meta;
    return { name: m.name, topicId: m.topicId, partitions: m.partitions, configs: { ...m.configs } };
  }

  createTopic(
    name: string,
    partitions: number,
    configs: Record<string, string> = {},
    options: CreateTopicOptions = {},
  ): Promise<TopicDescription> {
    try {
      const taken = [...this.topics.keys(), ...this.reserved];
      const meta = planNewTopic(name, partitions, configs, this.options.defaultPartitions ?? 1, taken);
      if (options.validateOnly) return Promise.resolve({ ...meta, configs: { ...meta.configs } });
      this.reserved.add(name);
      return this.exclusive(async () => this.describe(await this.createDirs(meta))).finally(() =>
        this.reserved.delete(name),
      );
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private async createDirs(meta: TopicMeta): Promise<TopicState> {
    const staging = join(this.dataDir, 'tmp', randomUUID());
    await fsp.mkdir(staging, { recursive: true });
    await writeTopicMeta(staging, meta);
    await fsp.rename(staging, topicDir(this.dataDir, meta.name));
    await fsyncDir(topicsDir(this.dataDir));
    return this.register(meta);
  }

  deleteTopic(name: string): Promise<void> {
    return this.exclusive(async () => {
      const state = this.state(name);
      this.topics.delete(name);
      await closeInBatches(state.partitions);
      const trash = join(this.dataDir, 'deleted', randomUUID());
      await fsp.mkdir(join(this.dataDir, 'deleted'), { recursive: true });
      await fsp.rename(topicDir(this.dataDir, name), trash);
      await fsyncDir(topicsDir(this.dataDir));
      await fsp.rm(trash, { recursive: true, force: true });
    });
  }

  createPartitions(name: string, total: number, options: CreateTopicOptions = {}): Promise<void> {
    return this.exclusive(async () => {
      const state = this.state(name);
      const current = state.meta.partitions;
      checkPartitionGrowth(name, current, total);
      if (options.validateOnly) return;
      const meta = { ...state.meta, partitions: total };
      await writeTopicMeta(topicDir(this.dataDir, name), meta);
      state.meta = meta;
      await this.openPartitions(state, current, total);
    });
  }

  describeConfigs(name: string, keys?: readonly string[]): ConfigEntry[] {
    return describeConfigs(this.state(name).meta.configs, this.brokerDefaults, keys);
  }

  alterConfigs(
    name: string,
    configs: Record<string, string | null>,
    options: AlterConfigsOptions = {},
  ): Promise<void> {
    return this.exclusive(async () => {
      const state = this.state(name);
      const next = nextConfigs(state.meta.configs, configs, options.replace ?? false);
      if (options.validateOnly) return;
      const meta = { ...state.meta, configs: next };
      await writeTopicMeta(topicDir(this.dataDir, name), meta);
      state.meta = meta;
      state.settings = resolveSettings(next, this.brokerDefaults);
    });
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
    return this.filePartition(topic, partition);
  }

  /** The concrete partition log (tests, bench, maintenance). */
  filePartition(topic: string, partition: number): FilePartitionLog {
    const log = this.topics.get(topic)?.partitions[partition];
    if (log === undefined) throw unknownPartition(topic, partition);
    return log;
  }

  runRetention(): Promise<void> {
    if (this.retentionRunning !== null) return this.retentionRunning;
    const run = async () => {
      const now = this.clock();
      const expiration = this.options.producerIdExpirationMs ?? 86_400_000;
      for (const state of [...this.topics.values()]) {
        for (const p of state.partitions) {
          await p.applyRetention(now);
          p.expireProducers(now, expiration);
        }
      }
    };
    this.retentionRunning = run().finally(() => {
      this.retentionRunning = null;
    });
    return this.retentionRunning;
  }

  startRetention(intervalMs = this.options.retentionCheckIntervalMs ?? 300_000): void {
    this.stopRetention();
    this.retentionTimer = setInterval(() => {
      this.runRetention().catch((err: unknown) => this.warn(`retention failed: ${String(err)}`));
    }, intervalMs);
    this.retentionTimer.unref();
  }

  stopRetention(): void {
    if (this.retentionTimer !== null) clearInterval(this.retentionTimer);
    this.retentionTimer = null;
  }

  /** Number of fdatasync calls so far (bench, tests). */
  get syncCount(): number {
    return this.scheduler.syncCount;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.stopRetention();
    if (this.flushTimer !== null) clearInterval(this.flushTimer);
    await this.admin;
    this.closed = true;
    await this.retentionRunning?.catch(() => undefined);
    const all = [...this.topics.values()].flatMap((s) => s.partitions);
    this.topics.clear();
    await closeInBatches(all);
    await this.unlock();
  }
}

/**
 * Partitions closed at once: each close writes its index files through a temporary file, so closing
 * 10,000 partitions in one go would need 10,000 more descriptors than the broker holds (EMFILE).
 */
const CLOSE_CONCURRENCY = 64;

async function closeInBatches(partitions: readonly { close(): Promise<void> }[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < partitions.length) {
      const p = partitions[next++] as { close(): Promise<void> };
      await p.close();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CLOSE_CONCURRENCY, partitions.length) }, worker));
}
