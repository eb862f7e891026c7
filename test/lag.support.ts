// Shared pieces of the lag tests (test/lag.*.test.ts): a configuration with fast status rules, a sampler
// on it, and waiting for what the sampler reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import type { TransitionSink } from '../lib/alerts/types';
import { type Config, type ConfigInput, configSchema } from '../lib/config';
import type { GroupDetail } from '../lib/lag/sampler';
import { getGroup, LagSampler, type SamplerSettings } from '../lib/lag/sampler';
import { createLogger } from '../lib/logger';
import { openStore, type Store } from '../lib/store';
import { eventually } from './helpers/services';

/** Status rules tuned for tests: a small window, no min-distance, STOP after 1.5 s of silence. */
export const FAST_LAG = {
  windowSize: 4,
  minDistanceMs: 0,
  minStopMs: 1500,
  allowedLag: 0,
  minCompleteness: 0,
};

export function lagConfig(clusters: ConfigInput['clusters'], extra: Partial<ConfigInput> = {}): Config {
  return configSchema.parse({ lag: FAST_LAG, sampler: { intervalMs: 500 }, ...extra, clusters });
}

export const quietLog = createLogger('test', { write: () => undefined });

export interface TestSampler {
  sampler: LagSampler;
  store: Store | null;
  close(): Promise<void>;
}

/**
 * A running sampler; `store`: none (false), in a temp dir removed on close (true), or in a given data dir
 * that is kept (a path: a later sampler can reopen it).
 */
export async function startSampler(
  config: Config,
  settings: Partial<SamplerSettings> = {},
  withStore: boolean | string = false,
  sinks: readonly TransitionSink[] = [],
): Promise<TestSampler> {
  const temp = withStore === true ? mkdtempSync(path.join(tmpdir(), 'spillway-lag-test-')) : null;
  const dataDir = typeof withStore === 'string' ? withStore : temp;
  const store = dataDir ? openStore(dataDir) : null;
  const sampler = new LagSampler({
    config,
    ...(store ? { store } : {}),
    settings: { intervalMs: 300, rateWindowMs: 2000, ...settings },
    sinks,
    log: quietLog,
  });
  await sampler.start();
  return {
    sampler,
    store,
    close: async () => {
      await sampler.stop();
      store?.close();
      if (temp) rmSync(temp, { recursive: true, force: true });
    },
  };
}

/** Waits until the group's detail satisfies `check` (returns it), for up to `timeoutMs`. */
export function groupWhen(
  sampler: LagSampler,
  cluster: string,
  group: string,
  check: (d: GroupDetail) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<GroupDetail> {
  return eventually(
    () => {
      const d = getGroup(sampler, cluster, group);
      return d && check(d) ? d : undefined;
    },
    { timeoutMs, intervalMs: 100, what },
  );
}

/**
 * Creates a topic and waits until every partition has a leader. kafkajs's waitForLeaders gives up on the
 * first UNKNOWN_TOPIC_OR_PARTITION, which a busy Apache Kafka answers for a moment after the create.
 */
export async function createTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: partitions }] });
  await eventually(
    async () => {
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      const ps = md.topics[0]?.partitions ?? [];
      return ps.length === partitions && ps.every((p) => p.leader >= 0) ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: `leaders for ${topic}` },
  );
}
