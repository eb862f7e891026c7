// The fix commands printed with Kafka findings: Apache Kafka's own tools, ready to paste.
import type { KafkaTopicInfo } from '../sources/types';
import { sh } from './shell';

const alterTopic = (topic: string, bootstrap: string, change: string) =>
  `kafka-configs.sh --bootstrap-server ${sh(bootstrap)} --alter --entity-type topics --entity-name ${sh(topic)} ${change}`;

/** A reassignment plan giving every partition `target` replicas: current ones kept, new ones spread round-robin. */
export function reassignmentPlan(t: KafkaTopicInfo, ids: readonly number[], target: number): string {
  const partitions = [...t.partitions]
    .sort((a, b) => a.partition - b.partition)
    .map((p) => {
      const replicas = [...p.replicas];
      const start = ids.length > 0 ? (p.partition + 1) % ids.length : 0;
      const rotated = [...ids.slice(start), ...ids.slice(0, start)];
      for (const id of rotated) {
        if (replicas.length >= target) break;
        if (!replicas.includes(id)) replicas.push(id);
      }
      return { topic: t.name, partition: p.partition, replicas };
    });
  return JSON.stringify({ version: 1, partitions });
}

export const kafkaFixes = {
  raiseReplication(t: KafkaTopicInfo, ids: readonly number[], target: number, bootstrap: string): string {
    const file = sh(`reassign-${t.name}.json`);
    const tool = `kafka-reassign-partitions.sh --bootstrap-server ${sh(bootstrap)} --reassignment-json-file ${file}`;
    return [
      `cat > ${file} <<'EOF'`,
      reassignmentPlan(t, ids, target),
      'EOF',
      `${tool} --execute`,
      `${tool} --verify`,
      alterTopic(t.name, bootstrap, '--add-config min.insync.replicas=2'),
    ].join('\n');
  },

  setMinInsync(t: KafkaTopicInfo, bootstrap: string): string {
    const set = alterTopic(t.name, bootstrap, '--add-config min.insync.replicas=2');
    return t.replicationFactor < 2
      ? `# raise the replication factor first (see kafka.topic.replication-factor), then:\n${set}`
      : set;
  },

  disableUnclean(t: KafkaTopicInfo, bootstrap: string): string {
    return alterTopic(t.name, bootstrap, '--add-config unclean.leader.election.enable=false');
  },

  lowerMinInsync(topic: string, rf: number, bootstrap: string): string {
    return [
      `# either give the topic more replicas (kafka-reassign-partitions.sh), or accept what it has:`,
      alterTopic(topic, bootstrap, `--add-config min.insync.replicas=${Math.max(1, rf)}`),
    ].join('\n');
  },

  investigateIsr(topic: string, bootstrap: string): string {
    return [
      `kafka-topics.sh --bootstrap-server ${sh(bootstrap)} --describe --under-min-isr-partitions --topic ${sh(topic)}`,
      '# restart or repair the brokers missing from the ISR; producers must keep retrying (retries=MAX) meanwhile',
    ].join('\n');
  },

  offline(topic: string, bootstrap: string): string {
    return [
      `kafka-topics.sh --bootstrap-server ${sh(bootstrap)} --describe --unavailable-partitions --topic ${sh(topic)}`,
      '# bring the listed replicas back online; do not enable unclean leader election to force a leader',
    ].join('\n');
  },

  singleBroker(bootstrap: string): string {
    return [
      '# run at least 3 brokers, with in each server.properties:',
      'default.replication.factor=3',
      'min.insync.replicas=2',
      'offsets.topic.replication.factor=3',
      'unclean.leader.election.enable=false',
      `# then raise existing topics with kafka-reassign-partitions.sh --bootstrap-server ${sh(bootstrap)}`,
    ].join('\n');
  },

  embedded(): string {
    return [
      '# for replicated storage, point Spillway at a Kafka cluster with 3+ brokers (spillway.config.json):',
      '{ "clusters": [{ "name": "prod", "kind": "kafka", "brokers": ["kafka-1:9092", "kafka-2:9092", "kafka-3:9092"] }] }',
    ].join('\n');
  },

  embeddedFsync(): string {
    return '# spillway.config.json, the embedded cluster entry:\n{ "kind": "embedded", "fsync": "group" }';
  },
};
