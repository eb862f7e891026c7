// Snapshot builders for the audit's unit tests: a healthy default, overridden per test.
import type {
  KafkaClusterSnapshot,
  KafkaTopicInfo,
  RabbitmqQueueInfo,
  RabbitmqSnapshot,
} from '../../sources/types';

export function kafkaTopic(
  name: string,
  over: Partial<KafkaTopicInfo> & { rf?: number } = {},
): KafkaTopicInfo {
  const rf = over.rf ?? 3;
  const replicas = Array.from({ length: rf }, (_, i) => i + 1);
  return {
    name,
    internal: false,
    replicationFactor: rf,
    partitions: [0, 1].map((partition) => ({
      partition,
      leader: 1,
      replicas,
      isr: replicas,
      offlineReplicas: [],
      offline: false,
      logStart: 0,
      end: 10,
    })),
    configs: { 'min.insync.replicas': '2', 'unclean.leader.election.enable': 'false' },
    ...over,
  };
}

export function kafkaSnapshot(topics: KafkaTopicInfo[], brokers = 3): KafkaClusterSnapshot {
  return {
    kind: 'kafka',
    cluster: 'k',
    takenAt: 0,
    clusterId: 'c',
    controllerId: 1,
    brokers: Array.from({ length: brokers }, (_, i) => ({
      nodeId: i + 1,
      host: 'h',
      port: 9092,
      rack: null,
    })),
    topics,
    groups: [],
    health: { underReplicated: [], underMinIsr: [], offline: [] },
    issues: [],
  };
}

export function queue(name: string, over: Partial<RabbitmqQueueInfo> = {}): RabbitmqQueueInfo {
  return {
    vhost: '/',
    name,
    type: 'quorum',
    durable: true,
    autoDelete: false,
    exclusive: false,
    arguments: {},
    policy: null,
    operatorPolicy: null,
    effectivePolicy: {},
    ready: 0,
    unacked: 0,
    messages: 0,
    consumers: 1,
    consumerUtilisation: null,
    manualAck: true,
    publishRate: null,
    deliverGetRate: null,
    ackRate: null,
    redeliverRate: null,
    headMessageTimestamp: null,
    state: 'running',
    members: [],
    online: [],
    leader: null,
    ...over,
  };
}

export function rabbitSnapshot(
  queues: RabbitmqQueueInfo[],
  over: Partial<RabbitmqSnapshot> = {},
): RabbitmqSnapshot {
  return {
    kind: 'rabbitmq',
    cluster: 'r',
    takenAt: 0,
    clusterName: 'rabbit',
    rabbitmqVersion: '3.13.0',
    nodes: ['a', 'b', 'c'].map((n) => ({
      name: `rabbit@${n}`,
      running: true,
      memAlarm: false,
      diskFreeAlarm: false,
      partitions: [],
    })),
    vhosts: ['/'],
    queues,
    exchanges: [
      {
        vhost: '/',
        name: 'dlx',
        type: 'fanout',
        durable: true,
        autoDelete: false,
        internal: false,
        arguments: {},
      },
    ],
    policies: [],
    issues: [],
    ...over,
  };
}
