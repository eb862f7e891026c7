// Spillway's own view of a Kafka-kind cluster (Apache Kafka or the embedded broker) and of a RabbitMQ
// broker. Plain data, no client types: kafkajs and amqplib never leave lib/sources (STYLE 7).
//
// Units: times are epoch ms, rates are per second, offsets are JS numbers (exact to 2^53).
// Unknown is `null`, never 0, NaN or a made-up number.

/** Something the source could not read while the rest of the snapshot succeeded (a topic, a group…). */
export interface SourceIssue {
  /** What it concerns: `topic:<name>`, `group:<id>`, `configs`, `queues:<vhost>`… */
  scope: string;
  /** Redacted, one line. */
  message: string;
}

// ---------------------------------------------------------------------------------------------------------
// Kafka

export interface KafkaBroker {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface KafkaPartitionInfo {
  partition: number;
  /** Leader node id; null when the partition has no leader (offline). */
  leader: number | null;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  /** No leader (or the metadata says LEADER_NOT_AVAILABLE). */
  offline: boolean;
  /** First offset still in the log; null when it could not be read (offline partition, error). */
  logStart: number | null;
  /** High watermark: one past the last committed record; null when it could not be read. */
  end: number | null;
}

export interface KafkaTopicInfo {
  name: string;
  /** Kafka's own topics (`__consumer_offsets`, `__transaction_state`, `__share_group_state`). */
  internal: boolean;
  /** Replicas of the first partition (all partitions normally have the same count). */
  replicationFactor: number;
  partitions: KafkaPartitionInfo[];
  /**
   * Effective values of the configs in `SOURCE_DEFAULTS.kafka.topicConfigKeys` (retention.ms, …)
   * as the broker reports them; a key is absent when the broker does not know it. `{}` in a sample.
   */
  configs: Record<string, string>;
}

export type KafkaGroupState =
  | 'Empty'
  | 'Stable'
  | 'PreparingRebalance'
  | 'CompletingRebalance'
  | 'Dead'
  | 'Unknown';

export interface KafkaTopicPartitions {
  topic: string;
  partitions: number[];
}

export interface KafkaGroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** Topics in the member's subscription (consumer protocol only, else []). */
  subscribedTopics: string[];
  /** Partitions assigned to the member (consumer protocol only, else []), topics and partitions sorted. */
  assignments: KafkaTopicPartitions[];
}

export interface KafkaCommittedOffset {
  topic: string;
  partition: number;
  /** The next offset the group will consume; null = the group never committed on this partition. */
  committed: number | null;
  metadata: string | null;
}

export interface KafkaGroupInfo {
  groupId: string;
  state: KafkaGroupState;
  /** `consumer` for Kafka consumers, `connect` for Connect workers, '' when the group has no members. */
  protocolType: string;
  /** The assignor chosen (`RoundRobinAssigner`, `range`…); '' when none. */
  protocol: string;
  members: KafkaGroupMember[];
  /**
   * Committed offsets on every partition of every topic the group committed to, is assigned or subscribes
   * to; partitions without a commit have `committed: null`. Sorted by topic, partition.
   */
  offsets: KafkaCommittedOffset[];
}

export interface KafkaPartitionRef {
  topic: string;
  partition: number;
}

export interface KafkaHealth {
  /** ISR smaller than the replica set. */
  underReplicated: KafkaPartitionRef[];
  /** ISR smaller than the topic's min.insync.replicas (acks=all producers fail). Needs the topic configs. */
  underMinIsr: KafkaPartitionRef[];
  /** No leader: neither readable nor writable. */
  offline: KafkaPartitionRef[];
}

export interface KafkaClusterSnapshot {
  kind: 'kafka';
  cluster: string;
  /** When the metadata was read (epoch ms); offsets were read right after. */
  takenAt: number;
  clusterId: string | null;
  /** Null when the cluster reports none. KRaft clusters report a broker id here, not the active controller. */
  controllerId: number | null;
  brokers: KafkaBroker[];
  topics: KafkaTopicInfo[];
  groups: KafkaGroupInfo[];
  health: KafkaHealth;
  issues: SourceIssue[];
}

/** The sampler's round: log-start/end of every partition and every group's state and commits. */
export interface KafkaOffsetsSample {
  kind: 'kafka';
  cluster: string;
  takenAt: number;
  /** Every partition of every topic, internal topics included. */
  partitions: Array<KafkaPartitionRef & { logStart: number | null; end: number | null }>;
  groups: Array<Pick<KafkaGroupInfo, 'groupId' | 'state' | 'offsets'> & { memberCount: number }>;
  issues: SourceIssue[];
}

/** A position whose record timestamp is wanted (exact time lag). */
export interface KafkaRecordPosition {
  topic: string;
  partition: number;
  offset: number;
}

export interface KafkaRecordTimestamp extends KafkaRecordPosition {
  /** Timestamp (epoch ms) of the first record at or after `offset`; null when none could be read. */
  timestamp: number | null;
  /** Offset of the record the timestamp is from (> offset when `offset` was compacted away or a control record). */
  recordOffset: number | null;
  /** Why `timestamp` is null: `end-of-log`, `out-of-range`, `too-large`, `error: …`. */
  reason: string | null;
  /**
   * The records the same answer held at or after `offset` (a sample of what follows it, bounded by the
   * Fetch size), and how many of them have no key. Absent when nothing could be read.
   */
  sample?: { records: number; keyless: number };
}

export interface KafkaGroupOverview {
  groupId: string;
  protocolType: string;
}

/** One Kafka-kind cluster (Apache Kafka or the embedded broker), one lazily opened admin connection. */
export interface KafkaSource {
  readonly kind: 'kafka';
  readonly cluster: string;
  /** The whole inventory: brokers, topics with configs and offsets, groups with members and commits, health. */
  snapshot(): Promise<KafkaClusterSnapshot>;
  /** The sampler's cheaper round: partition offsets and group commits, no configs or members. */
  sample(): Promise<KafkaOffsetsSample>;
  /** One topic with configs and offsets; SourceNotFoundError when it does not exist. */
  topic(name: string): Promise<KafkaTopicInfo>;
  listGroups(): Promise<KafkaGroupOverview[]>;
  /** One group with members and commits; SourceNotFoundError when the broker knows nothing of it. */
  describeGroup(groupId: string): Promise<KafkaGroupInfo>;
  /** Timestamps of the records at the given offsets: one Fetch per leader, bounded (see SOURCE_DEFAULTS). */
  recordTimestamps(positions: readonly KafkaRecordPosition[]): Promise<KafkaRecordTimestamp[]>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// RabbitMQ

export interface RabbitmqNode {
  name: string;
  running: boolean;
  memAlarm: boolean;
  diskFreeAlarm: boolean;
  /** Nodes this one cannot see (network partition); [] when healthy. */
  partitions: string[];
}

export type RabbitmqQueueType = 'classic' | 'quorum' | 'stream';

export interface RabbitmqQueueInfo {
  vhost: string;
  name: string;
  /** 'classic' | 'quorum' | 'stream'; 'unknown' when the broker reports something else. */
  type: RabbitmqQueueType | 'unknown';
  durable: boolean;
  autoDelete: boolean;
  exclusive: boolean;
  arguments: Record<string, unknown>;
  /** Name of the user policy applied, null when none. */
  policy: string | null;
  operatorPolicy: string | null;
  /** The merged definition in effect (user and operator policy). */
  effectivePolicy: Record<string, unknown>;
  /** Counts are null until the broker has emitted statistics for the queue (a few seconds after declare). */
  ready: number | null;
  unacked: number | null;
  messages: number | null;
  consumers: number | null;
  /** 0..1, null when unknown (no consumers, or not reported). */
  consumerUtilisation: number | null;
  /** Whether the queue's consumers ack manually (from /api/consumers); null when no consumer. */
  manualAck: boolean | null;
  publishRate: number | null;
  deliverGetRate: number | null;
  ackRate: number | null;
  redeliverRate: number | null;
  /** Epoch ms of the head message's `timestamp` property, when the broker reports it (classic queues). */
  headMessageTimestamp: number | null;
  /** Queue process state: 'running', 'idle', 'flow', 'down', 'minority'…; null when not reported. */
  state: string | null;
  /** Quorum/stream replica nodes, and those of them online; [] for classic queues. */
  members: string[];
  online: string[];
  leader: string | null;
}

export interface RabbitmqExchangeInfo {
  vhost: string;
  name: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  arguments: Record<string, unknown>;
}

export interface RabbitmqPolicyInfo {
  vhost: string;
  name: string;
  pattern: string;
  /** 'queues' | 'exchanges' | 'all' | 'classic_queues' | 'quorum_queues' | 'streams'. */
  applyTo: string;
  priority: number;
  definition: Record<string, unknown>;
  /** True for operator policies (they cap user policies). */
  operator: boolean;
}

export interface RabbitmqSnapshot {
  kind: 'rabbitmq';
  cluster: string;
  takenAt: number;
  clusterName: string | null;
  rabbitmqVersion: string | null;
  nodes: RabbitmqNode[];
  vhosts: string[];
  queues: RabbitmqQueueInfo[];
  exchanges: RabbitmqExchangeInfo[];
  policies: RabbitmqPolicyInfo[];
  issues: SourceIssue[];
}

/** What AMQP `queue.declare(passive)` says: exact and immediate, unlike the management statistics. */
export interface RabbitmqQueueCheck {
  vhost: string;
  name: string;
  exists: boolean;
  /** Ready messages (not counting unacked); null when the queue does not exist. */
  ready: number | null;
  consumers: number | null;
}

/** One RabbitMQ broker/cluster: the management HTTP API, plus AMQP for the checks the API is too slow for. */
export interface RabbitmqSource {
  readonly kind: 'rabbitmq';
  readonly cluster: string;
  snapshot(): Promise<RabbitmqSnapshot>;
  /** One queue with its statistics; SourceNotFoundError when it does not exist. */
  queue(vhost: string, name: string): Promise<RabbitmqQueueInfo>;
  /** Passive declare on a throwaway channel: exact ready count and consumers, right now. */
  checkQueue(vhost: string, name: string): Promise<RabbitmqQueueCheck>;
  close(): Promise<void>;
}

export type Source = KafkaSource | RabbitmqSource;
