import { describe, expect, it } from 'vitest';
import { auditKafka } from './kafka';
import { reassignmentPlan } from './kafka-fixes';
import { kafkaSnapshot, kafkaTopic } from './test-util/fixtures';

const ctx = { bootstrap: 'k1:9092,k2:9092', embedded: null };
const checks = (fs: ReturnType<typeof auditKafka>) => fs.map((f) => `${f.target} ${f.check} ${f.severity}`);

describe('auditKafka', () => {
  it('a well-configured multi-broker cluster has no finding', () => {
    expect(auditKafka(kafkaSnapshot([kafkaTopic('good')]), ctx)).toEqual([]);
  });

  it('multi-broker: RF 1 and min.insync.replicas 1 are warnings, each with a concrete fix', () => {
    const rf1 = kafkaTopic('rf1', { rf: 1, configs: { 'min.insync.replicas': '1' } });
    const isr1 = kafkaTopic('isr1', { configs: { 'min.insync.replicas': '1' } });
    const fs = auditKafka(kafkaSnapshot([rf1, isr1]), ctx);
    expect(checks(fs)).toEqual([
      'rf1 kafka.topic.replication-factor warning',
      'rf1 kafka.topic.min-insync-replicas warning',
      'isr1 kafka.topic.min-insync-replicas warning',
    ]);
    expect(fs[0]?.fix).toContain(
      'kafka-reassign-partitions.sh --bootstrap-server k1:9092,k2:9092 --reassignment-json-file reassign-rf1.json --execute',
    );
    expect(fs[1]?.fix).toMatch(/^# raise the replication factor first/);
    expect(fs[2]?.fix).toBe(
      'kafka-configs.sh --bootstrap-server k1:9092,k2:9092 --alter --entity-type topics --entity-name isr1 --add-config min.insync.replicas=2',
    );
  });

  it('an unknown min.insync.replicas (configs unreadable) is not guessed at', () => {
    expect(auditKafka(kafkaSnapshot([kafkaTopic('t', { configs: {} })]), ctx)).toEqual([]);
  });

  it('unclean leader election is a warning on any cluster', () => {
    const t = kafkaTopic('u', {
      configs: { 'min.insync.replicas': '2', 'unclean.leader.election.enable': 'true' },
    });
    expect(checks(auditKafka(kafkaSnapshot([t]), ctx))).toEqual([
      'u kafka.topic.unclean-leader-election warning',
    ]);
    const single = kafkaTopic('u', { rf: 1, configs: { 'unclean.leader.election.enable': 'true' } });
    expect(checks(auditKafka(kafkaSnapshot([single], 1), ctx))).toContain(
      'u kafka.topic.unclean-leader-election warning',
    );
  });

  it('single broker: one info for the cluster, no per-topic replication warnings', () => {
    const t = kafkaTopic('solo', { rf: 1, configs: { 'min.insync.replicas': '1' } });
    const fs = auditKafka(kafkaSnapshot([t], 1), ctx);
    expect(checks(fs)).toEqual(['* kafka.cluster.single-broker info']);
    expect(fs[0]?.detail).toContain('1 of 1 with replication factor 1');
  });

  it('a broker that is down still counts: replicas name it', () => {
    const t = kafkaTopic('t', { rf: 1 });
    const snap = kafkaSnapshot([t, kafkaTopic('other', { rf: 2 })], 1);
    // `other` has replicas on brokers 1 and 2, broker 2 is not live: a 2-broker cluster.
    expect(checks(auditKafka(snap, ctx))).toEqual(['t kafka.topic.replication-factor warning']);
  });

  it('partitions under min ISR now are critical; an impossible min ISR says so and lowers it', () => {
    const t = kafkaTopic('strict', { rf: 1, configs: { 'min.insync.replicas': '2' } });
    const snap = kafkaSnapshot([t], 1);
    snap.health.underMinIsr = [
      { topic: 'strict', partition: 0 },
      { topic: 'strict', partition: 1 },
    ];
    const fs = auditKafka(snap, ctx).filter((f) => f.check === 'kafka.partition.under-min-isr');
    expect(fs).toHaveLength(1);
    expect(fs[0]?.severity).toBe('critical');
    expect(fs[0]?.detail).toContain('Partition(s) 0, 1 of strict');
    expect(fs[0]?.detail).toContain('can never be satisfied');
    expect(fs[0]?.fix).toContain('--add-config min.insync.replicas=1');
  });

  it('offline partitions are critical', () => {
    const snap = kafkaSnapshot([kafkaTopic('down')]);
    snap.health.offline = [{ topic: 'down', partition: 1 }];
    expect(checks(auditKafka(snap, ctx))).toEqual(['down kafka.partition.offline critical']);
  });

  it('embedded broker: single-node info, plus a warning when it acknowledges before fsync', () => {
    const t = kafkaTopic('e', { rf: 1, configs: { 'min.insync.replicas': '1' } });
    const durable = auditKafka(kafkaSnapshot([t], 1), {
      bootstrap: '127.0.0.1:9092',
      embedded: { fsync: 'group' },
    });
    expect(checks(durable)).toEqual(['* embedded.single-node info']);
    const lax = auditKafka(kafkaSnapshot([t], 1), {
      bootstrap: '127.0.0.1:9092',
      embedded: { fsync: 'interval:1000' },
    });
    expect(checks(lax)).toEqual(['* embedded.single-node info', '* embedded.fsync-not-durable warning']);
  });

  it('the reassignment plan keeps current replicas and spreads new ones', () => {
    const t = kafkaTopic('p', { rf: 1 });
    const plan = JSON.parse(reassignmentPlan(t, [1, 2, 3], 3)) as {
      partitions: { partition: number; replicas: number[] }[];
    };
    expect(plan.partitions).toEqual([
      { topic: 'p', partition: 0, replicas: [1, 2, 3] },
      { topic: 'p', partition: 1, replicas: [1, 3, 2] },
    ]);
  });
});
