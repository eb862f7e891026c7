// The loss checklist (seed article §5.2) applied to a Kafka-kind cluster snapshot: pure functions.
import type { KafkaClusterSnapshot, KafkaPartitionRef, KafkaTopicInfo } from '../sources/types';
import { kafkaFixes } from './kafka-fixes';
import type { Finding } from './types';

export interface KafkaAuditContext {
  /** `host:port[,…]` used in the printed fix commands. */
  bootstrap: string;
  /** Set for Spillway's embedded broker: its fsync policy from the configuration. */
  embedded: { fsync: string } | null;
}

/** Every broker id the cluster mentions: live brokers and the replicas of every partition. */
export function brokerIds(s: KafkaClusterSnapshot): number[] {
  const ids = new Set(s.brokers.map((b) => b.nodeId));
  for (const t of s.topics) for (const p of t.partitions) for (const r of p.replicas) ids.add(r);
  return [...ids].sort((a, b) => a - b);
}

function intConfig(t: KafkaTopicInfo, key: string): number | null {
  const raw = t.configs[key];
  if (raw === undefined) return null;
  const n = Number(raw);
  return Number.isInteger(n) ? n : null;
}

function byTopic(refs: readonly KafkaPartitionRef[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of refs) out.set(r.topic, [...(out.get(r.topic) ?? []), r.partition]);
  return out;
}

function list(ns: readonly number[]): string {
  const shown = ns.slice(0, 20).join(', ');
  return ns.length > 20 ? `${shown} … (${ns.length} in all)` : shown;
}

type Base = Pick<Finding, 'cluster' | 'kind'>;

/** 1. Replication factor below 2 on a multi-broker cluster: losing one broker loses the partition's data. */
function replicationFactor(base: Base, t: KafkaTopicInfo, ids: number[], bootstrap: string): Finding[] {
  if (t.replicationFactor >= 2) return [];
  const target = Math.min(3, ids.length);
  return [
    {
      ...base,
      target: t.name,
      check: 'kafka.topic.replication-factor',
      severity: 'warning',
      title: `Replication factor ${t.replicationFactor} on a ${ids.length}-broker cluster`,
      detail:
        `Each of the ${t.partitions.length} partition(s) of ${t.name} lives on one broker only: when that broker's ` +
        'disk is lost, or it fails while holding records no follower has, those records are gone. The loss ' +
        'checklist asks for replication.factor > 1 (3 is usual).',
      fix: kafkaFixes.raiseReplication(t, ids, target, bootstrap),
    },
  ];
}

/** 2. min.insync.replicas below 2 on a multi-broker cluster: acks=all is satisfied by the leader alone. */
function minInsync(base: Base, t: KafkaTopicInfo, bootstrap: string): Finding[] {
  const minIsr = intConfig(t, 'min.insync.replicas');
  if (minIsr === null || minIsr >= 2) return [];
  return [
    {
      ...base,
      target: t.name,
      check: 'kafka.topic.min-insync-replicas',
      severity: 'warning',
      title: `min.insync.replicas=${minIsr}`,
      detail:
        `An acks=all write to ${t.name} is acknowledged once ${minIsr} replica has it, so when the ISR has shrunk ` +
        'to the leader alone an acknowledged record dies with that leader. The loss checklist asks for ' +
        `min.insync.replicas > 1 (with replication factor ${t.replicationFactor}` +
        `${t.replicationFactor < 2 ? ', which must be raised first' : ''}).`,
      fix: kafkaFixes.setMinInsync(t, bootstrap),
    },
  ];
}

/** 3. unclean.leader.election.enable=true: an out-of-sync replica may become leader and truncate the log. */
function uncleanElection(base: Base, t: KafkaTopicInfo, bootstrap: string): Finding[] {
  if (t.configs['unclean.leader.election.enable'] !== 'true') return [];
  return [
    {
      ...base,
      target: t.name,
      check: 'kafka.topic.unclean-leader-election',
      severity: 'warning',
      title: 'Unclean leader election enabled',
      detail:
        `When every in-sync replica of a ${t.name} partition is down, a replica that missed records may become ` +
        'leader: acknowledged records are dropped and followers truncate to match. This is an explicit choice ' +
        'of availability over durability, and it stays in force when replicas are added.',
      fix: kafkaFixes.disableUnclean(t, bootstrap),
    },
  ];
}

/** 4. Partitions whose ISR is below min.insync.replicas right now: acks=all producers are failing. */
function underMinIsr(base: Base, s: KafkaClusterSnapshot, bootstrap: string): Finding[] {
  const topics = new Map(s.topics.map((t) => [t.name, t]));
  return [...byTopic(s.health.underMinIsr)].map(([name, partitions]) => {
    const t = topics.get(name);
    const minIsr = t ? intConfig(t, 'min.insync.replicas') : null;
    const rf = t?.replicationFactor ?? 0;
    const impossible = minIsr !== null && minIsr > rf;
    return {
      ...base,
      target: name,
      check: 'kafka.partition.under-min-isr' as const,
      severity: 'critical' as const,
      title: `${partitions.length} partition(s) under min.insync.replicas now`,
      detail:
        `Partition(s) ${list(partitions)} of ${name} have fewer in-sync replicas than min.insync.replicas=${minIsr ?? '?'}: ` +
        'acks=all producers get NOT_ENOUGH_REPLICAS and, unless they retry without limit, drop the records. ' +
        (impossible
          ? `The topic has only ${rf} replica(s), so this can never be satisfied.`
          : 'Some replicas are out of sync or their brokers are down.'),
      fix: impossible
        ? kafkaFixes.lowerMinInsync(name, rf, bootstrap)
        : kafkaFixes.investigateIsr(name, bootstrap),
    };
  });
}

/** 5. Offline partitions (no leader): neither readable nor writable; their data is at risk. */
function offline(base: Base, s: KafkaClusterSnapshot, bootstrap: string): Finding[] {
  return [...byTopic(s.health.offline)].map(([name, partitions]) => ({
    ...base,
    target: name,
    check: 'kafka.partition.offline' as const,
    severity: 'critical' as const,
    title: `${partitions.length} partition(s) offline`,
    detail:
      `Partition(s) ${list(partitions)} of ${name} have no leader: producers cannot write and consumers cannot read ` +
      'them. Restarting the replicas brings them back; an unclean election would lose records.',
    fix: kafkaFixes.offline(name, bootstrap),
  }));
}

/** 0a. A single-broker Apache Kafka: nothing can be replicated. Honest information, not an error. */
function singleBroker(base: Base, topics: readonly KafkaTopicInfo[], bootstrap: string): Finding {
  const rf1 = topics.filter((t) => t.replicationFactor < 2).length;
  return {
    ...base,
    target: '*',
    check: 'kafka.cluster.single-broker',
    severity: 'info',
    title: 'Single broker: no replication possible',
    detail:
      `The cluster has one broker, so every topic (${rf1} of ${topics.length} with replication factor 1) keeps one ` +
      "copy of its data, and a min.insync.replicas above 1 would only make acks=all writes fail. Losing this broker's disk loses everything. " +
      'Fine for development; per-topic replication findings are not raised here.',
    fix: kafkaFixes.singleBroker(bootstrap),
  };
}

/** 0b. Spillway's embedded broker: one node by design; durable only if it fsyncs before acknowledging. */
function embedded(base: Base, fsync: string, topicCount: number): Finding[] {
  const findings: Finding[] = [
    {
      ...base,
      target: '*',
      check: 'embedded.single-node',
      severity: 'info',
      title: 'Embedded broker: single node, no replication',
      detail:
        `Spillway's embedded broker (${topicCount} topic(s)) is a single node by design: there are no replicas, ` +
        `so a lost disk loses every topic. With fsync "${fsync}" acknowledged writes ` +
        (fsync === 'group' || fsync === 'always'
          ? 'are on disk before the reply, so a crash or power loss loses nothing acknowledged.'
          : 'may still be in the page cache when acknowledged.'),
      fix: kafkaFixes.embedded(),
    },
  ];
  if (fsync !== 'group' && fsync !== 'always') {
    findings.push({
      ...base,
      target: '*',
      check: 'embedded.fsync-not-durable',
      severity: 'warning',
      title: `Embedded broker acknowledges before fsync (fsync "${fsync}")`,
      detail:
        'Records are acknowledged (even to acks=all producers) before they reach the disk: a power loss or ' +
        'kernel crash loses the last acknowledged writes.',
      fix: kafkaFixes.embeddedFsync(),
    });
  }
  return findings;
}

/** Audits one Kafka-kind cluster. Checks 1–2 apply to multi-broker clusters only (see README). */
export function auditKafka(s: KafkaClusterSnapshot, ctx: KafkaAuditContext): Finding[] {
  const base: Base = { cluster: s.cluster, kind: 'kafka' };
  const ids = brokerIds(s);
  const findings: Finding[] = [];
  if (ctx.embedded) {
    findings.push(...embedded(base, ctx.embedded.fsync, s.topics.length));
  } else if (ids.length < 2) {
    findings.push(singleBroker(base, s.topics, ctx.bootstrap));
  }
  const multi = !ctx.embedded && ids.length >= 2;
  for (const t of s.topics) {
    if (multi) {
      findings.push(...replicationFactor(base, t, ids, ctx.bootstrap));
      findings.push(...minInsync(base, t, ctx.bootstrap));
    }
    findings.push(...uncleanElection(base, t, ctx.bootstrap));
  }
  findings.push(...underMinIsr(base, s, ctx.bootstrap), ...offline(base, s, ctx.bootstrap));
  return findings;
}
