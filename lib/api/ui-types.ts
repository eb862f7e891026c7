// JSON shapes of the dashboard's own routes (/api/ui/...): what the lag API does not carry — brokers and
// nodes, replication health, partition leaders and ISR, topic configs, group members, queue policies.
// Pure types: safe to import from client components.
import type {
  KafkaBroker,
  KafkaGroupMember,
  KafkaPartitionInfo,
  KafkaPartitionRef,
  RabbitmqNode,
  RabbitmqQueueInfo,
  SourceIssue,
} from '../sources/types';

export type {
  KafkaBroker,
  KafkaGroupMember,
  KafkaPartitionInfo,
  KafkaPartitionRef,
  RabbitmqNode,
  SourceIssue,
};

/** A Kafka-kind cluster's brokers and replication health. */
export interface UiKafkaInventory {
  kind: 'kafka';
  clusterId: string | null;
  controllerId: number | null;
  brokers: KafkaBroker[];
  topics: number;
  partitions: number;
  underReplicated: KafkaPartitionRef[];
  underMinIsr: KafkaPartitionRef[];
  offline: KafkaPartitionRef[];
  issues: SourceIssue[];
}

/** A RabbitMQ cluster's nodes, alarms and queue replication. */
export interface UiRabbitmqInventory {
  kind: 'rabbitmq';
  clusterName: string | null;
  version: string | null;
  nodes: RabbitmqNode[];
  vhosts: string[];
  queues: number;
  /** One line per alarm or partition: "rabbit@a: memory alarm". */
  alarms: string[];
  /** Quorum/stream queues with a replica offline: `<vhost>/<queue>`. */
  degradedQueues: string[];
  issues: SourceIssue[];
}

export type UiInventory = UiKafkaInventory | UiRabbitmqInventory;

/**
 * GET /api/ui/clusters/:cluster — the last inventory read, served from a short cache. `inventory` stays
 * (with `stale: true`) when a later read fails; `error` says why.
 */
export interface UiClusterResponse {
  cluster: string;
  kind: 'kafka' | 'embedded' | 'rabbitmq';
  inventory: UiInventory | null;
  /** Epoch ms of the read `inventory` comes from. */
  checkedAt: number | null;
  error: string | null;
  stale: boolean;
}

/** One cluster's health line on the overview. */
export interface UiInventorySummary {
  cluster: string;
  kind: 'kafka' | 'embedded' | 'rabbitmq';
  /** Brokers (Kafka) or nodes (RabbitMQ); null until read. */
  nodes: number | null;
  nodesDown: number | null;
  underReplicated: number | null;
  underMinIsr: number | null;
  offline: number | null;
  alarms: string[];
  checkedAt: number | null;
  error: string | null;
  stale: boolean;
}

/** GET /api/ui/inventory — answers at once from the cache; never waits on a cluster. */
export interface UiInventoryResponse {
  clusters: UiInventorySummary[];
}

/** GET /api/ui/clusters/:cluster/topics/:topic — partitions with leader/replicas/ISR and configs. */
export interface UiTopicResponse {
  cluster: string;
  topic: string;
  internal: boolean;
  replicationFactor: number;
  partitions: KafkaPartitionInfo[];
  /** Effective values of retention.ms, retention.bytes, min.insync.replicas, cleanup.policy… */
  configs: Record<string, string>;
  /** Broker id → "host:port", for the leader and replica columns. */
  brokers: Record<number, string>;
  checkedAt: number;
}

/** GET /api/ui/clusters/:cluster/groups/:group — members and their assignments. */
export interface UiGroupResponse {
  cluster: string;
  group: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: KafkaGroupMember[];
  checkedAt: number;
}

/** GET /api/ui/clusters/:cluster/queues/:vhost/:queue — type, effective policy, consumers, rates. */
export interface UiQueueResponse {
  cluster: string;
  queue: Omit<RabbitmqQueueInfo, 'arguments' | 'effectivePolicy'> & {
    arguments: Record<string, string>;
    effectivePolicy: Record<string, string>;
  };
  /** The settings that decide loss and backlog, from arguments or the effective policy. */
  limits: UiQueueLimits;
  /** Seconds since the head message's timestamp; null when the broker does not report it. */
  headMessageAgeSeconds: number | null;
  checkedAt: number;
}

export interface UiQueueLimits {
  messageTtlMs: number | null;
  deadLetterExchange: string | null;
  deadLetterRoutingKey: string | null;
  maxLength: number | null;
  maxLengthBytes: number | null;
  overflow: string | null;
  expiresMs: number | null;
  /** Where each value came from: `argument` (x-… on declare) or `policy`. */
  source: Record<string, 'argument' | 'policy'>;
}
