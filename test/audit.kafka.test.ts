/*
 * Scenario: an operator audits Apache Kafka (one KRaft node) and Spillway's embedded broker against the
 * message-loss checklist. Topics are seeded for real: replication factor 1 / min.insync.replicas 1,
 * unclean leader election on, min.insync.replicas 2 on one replica (under min ISR right now), and a
 * well-configured counterpart. The audit must find each seeded problem, report the single broker and the
 * embedded broker honestly as information, and raise nothing else about the seeded topics.
 *
 * Single-broker decision (lib/audit/README.md): on a one-broker cluster RF 1 and min.insync.replicas 1 are
 * the only workable values, so they are one cluster-level `info`, never per-topic warnings; the same
 * topics on a multi-broker cluster are warnings (shown here by reading the real snapshot as 3 brokers).
 */
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditKafka } from '../lib/audit/kafka';
import { runAudit } from '../lib/audit/run';
import type { Finding } from '../lib/audit/types';
import { embeddedCluster, kafkaCluster } from '../lib/config';
import { createSource } from '../lib/sources';
import { createKafkaSource } from '../lib/sources/kafka';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { kafkaFor } from './helpers/kafkajs';
import { describeService, KAFKA_BROKERS, testKafka, uniqueName } from './helpers/services';

const about = (findings: Finding[], topics: string[]) =>
  findings
    .filter((f) => topics.includes(f.target) || f.target === '*')
    .map((f) => `${f.target} ${f.check} ${f.severity}`)
    .sort();

describeService('kafka', 'audit: Apache Kafka', () => {
  const t = {
    rf1: uniqueName('audit-rf1'),
    unclean: uniqueName('audit-unclean'),
    strict: uniqueName('audit-strict'),
    good: uniqueName('audit-good'),
  };
  const cluster = kafkaCluster.parse({ name: 'apache', kind: 'kafka', brokers: [...KAFKA_BROKERS] });
  let admin: Admin;

  beforeAll(async () => {
    admin = testKafka().admin();
    await admin.connect();
    const topic = (name: string, configs: Record<string, string>) => ({
      topic: name,
      numPartitions: 2,
      replicationFactor: 1,
      configEntries: Object.entries(configs).map(([n, value]) => ({ name: n, value })),
    });
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        topic(t.rf1, { 'min.insync.replicas': '1' }),
        topic(t.unclean, { 'unclean.leader.election.enable': 'true' }),
        topic(t.strict, { 'min.insync.replicas': '2' }),
        topic(t.good, { 'unclean.leader.election.enable': 'false' }),
      ],
    });
  });

  afterAll(async () => {
    await admin?.deleteTopics({ topics: Object.values(t) }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('finds each seeded misconfiguration, reports the single broker as info, and nothing else', async () => {
    const report = await runAudit([cluster], { createSource: (c) => createSource(c), observeMs: 0 });
    expect(report.summary.unreachable).toEqual([]);
    expect(about(report.findings, Object.values(t))).toEqual(
      [
        '* kafka.cluster.single-broker info',
        `${t.strict} kafka.partition.under-min-isr critical`,
        `${t.unclean} kafka.topic.unclean-leader-election warning`,
      ].sort(),
    );
    const strict = report.findings.find((f) => f.target === t.strict);
    expect(strict).toMatchObject({ cluster: 'apache', kind: 'kafka' });
    expect(strict?.detail).toContain('Partition(s) 0, 1');
    expect(strict?.detail).toContain('can never be satisfied');
    expect(strict?.fix).toContain(
      `kafka-configs.sh --bootstrap-server ${KAFKA_BROKERS.join(',')} --alter --entity-type topics --entity-name ${t.strict} --add-config min.insync.replicas=1`,
    );
    const unclean = report.findings.find((f) => f.target === t.unclean);
    expect(unclean?.fix).toContain('--add-config unclean.leader.election.enable=false');
    expect(report.summary.clusters[0]).toMatchObject({
      cluster: 'apache',
      kind: 'kafka',
      reachable: true,
      error: null,
    });
  });

  it('the same topics on a multi-broker cluster are per-topic warnings', async () => {
    const source = createKafkaSource(cluster);
    try {
      const snap = await source.snapshot();
      // The real snapshot (real configs), seen as if two more brokers had joined.
      snap.brokers.push(
        { nodeId: 9001, host: 'b2', port: 9092, rack: null },
        { nodeId: 9002, host: 'b3', port: 9092, rack: null },
      );
      const findings = auditKafka(snap, { bootstrap: KAFKA_BROKERS.join(','), embedded: null });
      const rf1 = findings.filter((f) => f.target === t.rf1).map((f) => `${f.check} ${f.severity}`);
      expect(rf1).toEqual([
        'kafka.topic.replication-factor warning',
        'kafka.topic.min-insync-replicas warning',
      ]);
      expect(findings.some((f) => f.check === 'kafka.cluster.single-broker')).toBe(false);
    } finally {
      await source.close();
    }
  });
});

describe('audit: embedded broker', () => {
  let broker: TestBroker;
  const topic = uniqueName('audit-embedded');

  beforeAll(async () => {
    broker = await startTestBroker();
    const admin = kafkaFor(broker.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    await admin.disconnect();
  });

  afterAll(async () => {
    await broker?.close();
  });

  it('reports the embedded broker honestly as a single node, not as errors', async () => {
    const cluster = embeddedCluster.parse({ name: 'embedded', kind: 'embedded', port: broker.broker.port });
    const report = await runAudit([cluster], { createSource: (c) => createSource(c), observeMs: 0 });
    expect(report.summary.clusters[0]).toMatchObject({ kind: 'embedded', reachable: true, examined: 1 });
    expect(report.findings.map((f) => `${f.target} ${f.check} ${f.severity}`)).toEqual([
      '* embedded.single-node info',
    ]);
    expect(report.findings[0]?.detail).toContain('fsync "group"');
  });

  it('warns when the embedded broker acknowledges before fsync', async () => {
    const cluster = embeddedCluster.parse({
      name: 'embedded',
      kind: 'embedded',
      port: broker.broker.port,
      fsync: 'never',
    });
    const report = await runAudit([cluster], { createSource: (c) => createSource(c), observeMs: 0 });
    expect(report.findings.map((f) => f.check)).toEqual([
      'embedded.fsync-not-durable',
      'embedded.single-node',
    ]);
  });
});
