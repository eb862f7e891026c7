// What the Kafka drain tests that run jobs directly share: a job runner over a fresh store for one
// cluster, and a reader of the temp topic that keeps each record's partition.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Admin, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { expect } from 'vitest';
import { type ClusterConfig, kafkaCluster } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { JobRunner } from '../../lib/recovery/jobs/runner';
import type { JobEnv } from '../../lib/recovery/jobs/types';
import { openStore, type Store } from '../../lib/store';
import { settle } from './drain';
import { FAST_CONSUMER, kafkaFor } from './kafkajs';
import { uniqueName } from './services';

export interface DrainHarness {
  kafka: Kafka;
  admin: Admin;
  cluster: ClusterConfig;
  env: JobEnv;
  store: Store;
  runner: JobRunner;
  close(): Promise<void>;
}

/** A connected admin, a store in a temp directory and a runner, for the cluster at `bootstrap`. */
export async function drainHarness(bootstrap: string, name: string): Promise<DrainHarness> {
  const kafka = kafkaFor(bootstrap);
  const admin = kafka.admin();
  await admin.connect();
  const dir = mkdtempSync(path.join(tmpdir(), 'spillway-drain-'));
  const store = openStore(dir);
  const cluster = kafkaCluster.parse({ name, kind: 'kafka', brokers: [bootstrap] });
  const env: JobEnv = { cluster: () => cluster };
  const runner = new JobRunner({ store, env, log: createLogger('test', { level: 'error' }) });
  return {
    kafka,
    admin,
    cluster,
    env,
    store,
    runner,
    async close() {
      await admin.disconnect();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every record of a topic (all partitions) with its partition, read by a throwaway group. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
): Promise<Array<KafkaMessage & { partition: number }>> {
  const out: Array<KafkaMessage & { partition: number }> = [];
  const consumer = kafka.consumer({ groupId: uniqueName('read-topic'), ...FAST_CONSUMER });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      out.push({ ...message, partition });
    },
  });
  try {
    await settle(() => expect(out.length).toBeGreaterThanOrEqual(count), { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 500)); // nothing more arrives
  } finally {
    await consumer.disconnect();
  }
  return out;
}

/** A header value as text (kafkajs gives Buffers). */
export const headerText = (v: IHeaders[string]) => (Buffer.isBuffer(v) ? v.toString() : String(v));
