// An offline partition must not make the whole cluster unreadable. kafkajs rejects a Metadata answer in
// which any partition carries an error code (Apache Kafka's LEADER_NOT_AVAILABLE for a partition without a
// live leader); the source then reads the answer leniently and reports the partition offline. A proxy in
// front of the embedded broker (helpers/metadata-proxy.ts) rewrites Metadata to make one partition offline.
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaCluster } from '../lib/config';
import { createSource, type KafkaSource } from '../lib/sources';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { MetadataProxy } from './helpers/metadata-proxy';
import { uniqueName } from './helpers/services';
import { BACKLOG, buildBacklog, DirectCommitter, testClient } from './helpers/source-kafka';

describe('Kafka source with an offline partition', () => {
  const topic = uniqueName('sources-offline');
  const groupId = uniqueName('sources-offline-group');
  let broker: TestBroker;
  let proxy: MetadataProxy;
  let admin: Admin;
  const sources: KafkaSource[] = [];
  const sourceVia = (name: string) => {
    const s = createSource(kafkaCluster.parse({ name, kind: 'kafka', brokers: [proxy.bootstrap] }));
    sources.push(s);
    return s;
  };

  beforeAll(async () => {
    broker = await startTestBroker({ fsync: 'never' });
    const kafka = testClient([broker.bootstrap]);
    admin = kafka.admin();
    await admin.connect();
    await buildBacklog(kafka, admin, topic);
    const committer = new DirectCommitter(kafka);
    await committer.connect();
    await committer.commit(groupId, topic, [[0, 2]]);
    await committer.disconnect();
    proxy = await MetadataProxy.start(broker.broker.port);
  });

  afterAll(async () => {
    for (const s of sources) await s.close();
    await proxy?.close();
    await admin?.deleteGroups([groupId]).catch(() => undefined);
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
    await broker?.close();
  });

  it('reports the partition offline, the others with their offsets, and the health', async () => {
    const source = sourceVia('offline-after-healthy');
    const healthy = await source.snapshot();
    expect(healthy.health.offline).toEqual([]);

    proxy.offline = [{ topic, partition: 1 }];
    const s = await source.snapshot();
    const t = s.topics.find((x) => x.name === topic);
    expect(t?.partitions.map((p) => [p.partition, p.leader, p.offline, p.logStart, p.end])).toEqual([
      [0, broker.broker.nodeId, false, 0, BACKLOG.perPartition[0]],
      [1, null, true, null, null],
      [2, broker.broker.nodeId, false, 0, BACKLOG.perPartition[2]],
    ]);
    expect(t?.partitions[1]?.isr).toEqual([]);
    expect(s.health.offline).toEqual([{ topic, partition: 1 }]);
    expect(s.health.underReplicated).toEqual([{ topic, partition: 1 }]);
    // Groups do not depend on kafkajs's strict metadata: still there, with their commits.
    const group = s.groups.find((g) => g.groupId === groupId);
    expect(group?.offsets.map((o) => [o.partition, o.committed])).toEqual([
      [0, 2],
      [1, null],
      [2, null],
    ]);
    // DescribeConfigs goes through the kafkajs admin, whose metadata refresh fails meanwhile: an issue.
    expect(s.issues.map((i) => i.scope)).toEqual([`topic:${topic}`]);

    const sample = await source.sample();
    expect(sample.partitions.filter((p) => p.topic === topic).map((p) => p.end)).toEqual([
      BACKLOG.perPartition[0],
      null,
      BACKLOG.perPartition[2],
    ]);

    proxy.offline = [];
    const again = await source.snapshot();
    expect(again.health.offline).toEqual([]);
    expect(again.issues).toEqual([]);
  });

  it('still answers for a source whose first look at the cluster finds the partition offline', async () => {
    proxy.offline = [{ topic, partition: 0 }];
    const source = sourceVia('offline-from-start');
    try {
      const s = await source.snapshot();
      expect(s.health.offline).toEqual([{ topic, partition: 0 }]);
      expect(s.topics.find((x) => x.name === topic)?.partitions[0]).toMatchObject({
        offline: true,
        end: null,
      });
    } finally {
      proxy.offline = [];
    }
  });
});
