// The one conformance suite every Kafka-kind source runs (STYLE 8): the same body against the embedded
// broker and against Apache Kafka. Scenario: a 3-partition topic holds 10/6/4 records with known
// timestamps; a consumer group reads them all and commits 4 on partition 0 and 6 on partition 1, nothing on
// partition 2; then the source must report exactly those offsets, the group Stable with its assignment while
// the consumer runs and Empty after it leaves, configs, DeleteRecords moving the log start, and the
// timestamps of the records at the committed offsets.
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClusterConfig } from '../../lib/config';
import { partitionLag } from '../../lib/lag/offsets';
import {
  createSource,
  type KafkaClusterSnapshot,
  type KafkaSource,
  lagInputs,
  type SourceIssue,
  SourceNotFoundError,
} from '../../lib/sources';
import { eventually, uniqueName } from './services';
import { BACKLOG, buildBacklog, producedTimestamp, testClient } from './source-kafka';

export interface KafkaTarget {
  /** The cluster entry the source is created from (kind `embedded` or `kafka`). */
  cluster: ClusterConfig & { kind: 'embedded' | 'kafka' };
  /** Bootstrap servers for the test's own clients. */
  bootstrap: readonly string[];
  /** The cluster id the source must report, when the test knows it. */
  clusterId?: string;
  close(): Promise<void>;
}

const COMMITS: ReadonlyArray<[partition: number, offset: number]> = [
  [0, 4],
  [1, 6],
];

export function kafkaSourceConformance(start: () => Promise<KafkaTarget>): void {
  const topic = uniqueName('sources-conformance');
  const groupId = uniqueName('sources-conformance-group');
  let target: KafkaTarget;
  let source: KafkaSource;
  let kafka: Kafka;
  let admin: Admin;
  let consumer: Consumer | undefined;

  const ourTopic = (s: KafkaClusterSnapshot) => s.topics.find((t) => t.name === topic);
  // Other suites may delete their topics and groups on the shared Apache Kafka while a snapshot runs.
  const concernsUs = (i: SourceIssue) => i.scope === `topic:${topic}` || i.scope === `group:${groupId}`;

  beforeAll(async () => {
    target = await start();
    source = createSource(target.cluster);
    kafka = testClient(target.bootstrap);
    admin = kafka.admin();
    await admin.connect();
    await buildBacklog(kafka, admin, topic);
  });

  afterAll(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await source?.close();
    if (admin) {
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
    await target?.close();
  });

  it('reports brokers, the cluster id and a controller', async () => {
    const s = await source.snapshot();
    expect(s.kind).toBe('kafka');
    expect(s.cluster).toBe(target.cluster.name);
    expect(s.brokers.length).toBeGreaterThan(0);
    const ports = s.brokers.map((b) => b.port);
    for (const b of target.bootstrap) expect(ports).toContain(Number(b.split(':').pop()));
    expect(s.clusterId).toBeTruthy();
    if (target.clusterId) expect(s.clusterId).toBe(target.clusterId);
    expect(s.brokers.map((b) => b.nodeId)).toContain(s.controllerId);
  });

  it('reports the topic: partitions, leader/replicas/ISR, exact log start and end, configs', async () => {
    const t = ourTopic(await source.snapshot());
    expect(t).toBeDefined();
    expect(t?.internal).toBe(false);
    expect(t?.replicationFactor).toBe(1);
    expect(t?.partitions.map((p) => [p.partition, p.logStart, p.end])).toEqual(
      BACKLOG.perPartition.map((n, i) => [i, 0, n]),
    );
    for (const p of t?.partitions ?? []) {
      expect(p.leader).not.toBeNull();
      expect(p.replicas).toEqual([p.leader]);
      expect(p.isr).toEqual([p.leader]);
      expect(p.offline).toBe(false);
    }
    expect(t?.configs['retention.ms']).toBe('3600000');
    expect(t?.configs['cleanup.policy']).toBe('delete');
    expect(t?.configs['min.insync.replicas']).toBe('1');
    expect(await source.topic(topic)).toEqual(t);
  });

  it('reports a running consumer group Stable, with its member and assignment', async () => {
    consumer = kafka.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 300,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let consumed = 0;
    await consumer.run({
      autoCommit: false,
      eachMessage: async () => {
        consumed += 1;
      },
    });
    const total = BACKLOG.perPartition.reduce((a, b) => a + b, 0);
    await eventually(() => (consumed >= total ? true : undefined), { what: `${total} records consumed` });
    await consumer.commitOffsets(
      COMMITS.map(([partition, offset]) => ({ topic, partition, offset: String(offset) })),
    );

    const g = await eventually(
      async () => {
        const d = await source.describeGroup(groupId);
        return d.state === 'Stable' && d.members.length === 1 ? d : undefined;
      },
      { what: 'group Stable with one member' },
    );
    expect(g.protocolType).toBe('consumer');
    expect(g.members[0]?.clientId).toBe('spillway-sources-test');
    expect(g.members[0]?.subscribedTopics).toEqual([topic]);
    expect(g.members[0]?.assignments).toEqual([{ topic, partitions: [0, 1, 2] }]);
    const inSnapshot = (await source.snapshot()).groups.find((x) => x.groupId === groupId);
    expect(inSnapshot?.state).toBe('Stable');
    expect(inSnapshot?.members[0]?.assignments).toEqual([{ topic, partitions: [0, 1, 2] }]);
  });

  it('reports the group Empty after its consumer leaves, with exact commits and "no commit" as null', async () => {
    await consumer?.disconnect();
    consumer = undefined;
    const g = await eventually(
      async () => {
        const d = await source.describeGroup(groupId);
        return d.state === 'Empty' ? d : undefined;
      },
      { what: 'group Empty' },
    );
    expect(g.members).toEqual([]);
    expect(g.offsets.map((o) => [o.topic, o.partition, o.committed])).toEqual([
      [topic, 0, 4],
      [topic, 1, 6],
      [topic, 2, null],
    ]);

    const s = await source.snapshot();
    const group = s.groups.find((x) => x.groupId === groupId);
    expect(group?.state).toBe('Empty');
    expect(group?.offsets).toEqual(g.offsets);
    const lags = lagInputs(s, g).map((p) => partitionLag(p));
    expect(lags.map((l) => [l.partition, l.lag, l.noCommit])).toEqual([
      [0, 10 - 4, false],
      [1, 0, false],
      [2, null, true],
    ]);

    const sample = await source.sample();
    const sg = sample.groups.find((x) => x.groupId === groupId);
    expect(sg).toMatchObject({ state: 'Empty', memberCount: 0, offsets: g.offsets });
    expect(sample.partitions.filter((p) => p.topic === topic)).toEqual(
      BACKLOG.perPartition.map((n, partition) => ({ topic, partition, logStart: 0, end: n })),
    );
    expect(sample.issues.filter(concernsUs)).toEqual([]);
  });

  it('reads the timestamp of the record at a committed offset', async () => {
    const found = await source.recordTimestamps([
      { topic, partition: 0, offset: 4 },
      { topic, partition: 1, offset: 6 },
      { topic, partition: 2, offset: 0 },
      { topic, partition: 0, offset: 9 },
    ]);
    expect(found.map((f) => [f.partition, f.offset, f.timestamp, f.recordOffset, f.reason])).toEqual([
      [0, 4, producedTimestamp(0, 4), 4, null],
      [1, 6, null, null, 'end-of-log'],
      [2, 0, producedTimestamp(2, 0), 0, null],
      [0, 9, producedTimestamp(0, 9), 9, null],
    ]);
  });

  it('reports DeleteRecords moving the log start, and a commit behind it as skipped by retention', async () => {
    // kafkajs's deleteTopicRecords finds leaders in the admin's metadata: make it load the topic first.
    await admin.fetchTopicOffsets(topic);
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '3' }] });
    let p0 = (await source.topic(topic)).partitions[0];
    expect([p0?.logStart, p0?.end]).toEqual([3, 10]);

    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '7' }] });
    const s = await source.snapshot();
    p0 = ourTopic(s)?.partitions[0];
    expect([p0?.logStart, p0?.end]).toEqual([7, 10]);
    const group = s.groups.find((x) => x.groupId === groupId);
    const [lag0] = lagInputs(s, group ?? { offsets: [] }).map((p) => partitionLag(p));
    expect(lag0).toMatchObject({ partition: 0, lag: 3, skippedByRetention: 3 });

    const [gone, head] = await source.recordTimestamps([
      { topic, partition: 0, offset: 4 },
      { topic, partition: 0, offset: 7 },
    ]);
    expect(gone).toMatchObject({ timestamp: null, reason: 'out-of-range' });
    expect(head).toMatchObject({ timestamp: producedTimestamp(0, 7), recordOffset: 7 });
  });

  it('answers SourceNotFoundError for an unknown topic or group', async () => {
    await expect(source.topic(uniqueName('no-such-topic'))).rejects.toBeInstanceOf(SourceNotFoundError);
    await expect(source.describeGroup(uniqueName('no-such-group'))).rejects.toBeInstanceOf(
      SourceNotFoundError,
    );
    expect((await source.listGroups()).map((g) => g.groupId)).toContain(groupId);
  });

  it('derives no health problem for a healthy single-replica topic', async () => {
    const s = await source.snapshot();
    const ours = (refs: ReadonlyArray<{ topic: string }>) => refs.filter((r) => r.topic === topic);
    expect(ours(s.health.offline)).toEqual([]);
    expect(ours(s.health.underReplicated)).toEqual([]);
    expect(ours(s.health.underMinIsr)).toEqual([]);
    expect(s.issues.filter(concernsUs)).toEqual([]);
  });
}
