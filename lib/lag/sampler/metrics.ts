// Prometheus exposition of the sampler's latest state. Kafka series use kafka-lag-exporter's names and
// label sets (seglo/kafka-lag-exporter, Metrics.scala), so its Grafana dashboards and alert rules work:
//   kafka_consumergroup_group_offset / _lag / _lag_seconds   cluster_name, group, topic, partition
//   kafka_consumergroup_group_max_lag / _max_lag_seconds / _sum_lag   cluster_name, group
//   kafka_consumergroup_group_topic_sum_lag                  cluster_name, group, topic
//   kafka_partition_latest_offset / _earliest_offset         cluster_name, topic, partition
//   kafka_consumergroup_poll_time_ms                         cluster_name
// (kafka-lag-exporter adds member_host, consumer_id and client_id to the per-partition series; the sampler
// does not read group members, so they are left out.) RabbitMQ queues use the rabbitmq_queue_* names of
// RabbitMQ's own Prometheus plugin with cluster_name, vhost, queue. Spillway's own series (status, ETA,
// rates, reachability) are spillway_*. An unknown value is left out, never exported as 0 or NaN.
import { Gauge, Registry } from 'prom-client';
import { STATUS_SEVERITY } from '../types';
import type { LagSampler } from './sampler';

const STATUS_HELP = 'Spillway status (Burrow rules): 0 OK, 1 WARN, 2 ERR, 3 STOP, 4 STALL, 5 REWIND';

function gauge(reg: Registry, name: string, help: string, labelNames: readonly string[]): Gauge<string> {
  return new Gauge({ name, help, labelNames: [...labelNames], registers: [reg] });
}

/** Sets a gauge when the value is known. */
function put(g: Gauge<string>, labels: Record<string, string | number>, value: number | null): void {
  if (value !== null && Number.isFinite(value)) g.set(labels, value);
}

function kafkaGauges(reg: Registry) {
  const gp = ['cluster_name', 'group', 'topic', 'partition'];
  const grp = ['cluster_name', 'group'];
  const tp = ['cluster_name', 'topic', 'partition'];
  return {
    offset: gauge(reg, 'kafka_consumergroup_group_offset', 'Last group consumed offset of a partition', gp),
    lag: gauge(reg, 'kafka_consumergroup_group_lag', 'Group offset lag of a partition', gp),
    lagSeconds: gauge(reg, 'kafka_consumergroup_group_lag_seconds', 'Group time lag of a partition', gp),
    maxLag: gauge(reg, 'kafka_consumergroup_group_max_lag', 'Max group offset lag', grp),
    maxLagSeconds: gauge(reg, 'kafka_consumergroup_group_max_lag_seconds', 'Max group time lag', grp),
    sumLag: gauge(reg, 'kafka_consumergroup_group_sum_lag', 'Sum of group offset lag', grp),
    topicSumLag: gauge(
      reg,
      'kafka_consumergroup_group_topic_sum_lag',
      'Sum of group offset lag across topic partitions',
      ['cluster_name', 'group', 'topic'],
    ),
    latest: gauge(reg, 'kafka_partition_latest_offset', 'Latest offset of a partition', tp),
    earliest: gauge(reg, 'kafka_partition_earliest_offset', 'Earliest offset of a partition', tp),
    pollTime: gauge(reg, 'kafka_consumergroup_poll_time_ms', 'Group time poll time', ['cluster_name']),
    status: gauge(reg, 'spillway_consumergroup_status', STATUS_HELP, grp),
    eta: gauge(reg, 'spillway_consumergroup_eta_seconds', 'Time to drain the group backlog, seconds', grp),
    inRate: gauge(
      reg,
      'spillway_consumergroup_in_rate',
      'Produce rate into the group topics, messages/s',
      grp,
    ),
    outRate: gauge(
      reg,
      'spillway_consumergroup_out_rate',
      'Consume (commit) rate of the group, messages/s',
      grp,
    ),
  };
}

function queueGauges(reg: Registry) {
  const q = ['cluster_name', 'vhost', 'queue'];
  return {
    ready: gauge(reg, 'rabbitmq_queue_messages_ready', 'Messages ready to be delivered to consumers', q),
    unacked: gauge(
      reg,
      'rabbitmq_queue_messages_unacked',
      'Messages delivered to consumers but not yet acknowledged',
      q,
    ),
    messages: gauge(reg, 'rabbitmq_queue_messages', 'Sum of ready and unacknowledged messages', q),
    consumers: gauge(reg, 'rabbitmq_queue_consumers', 'Consumers on the queue', q),
    publishRate: gauge(reg, 'spillway_queue_publish_rate', 'Messages published to the queue, per second', q),
    outRate: gauge(
      reg,
      'spillway_queue_out_rate',
      'Messages leaving the queue (acks or deliveries), per second',
      q,
    ),
    eta: gauge(reg, 'spillway_queue_eta_seconds', 'Time to drain the queue, seconds', q),
    lagSeconds: gauge(
      reg,
      'spillway_queue_head_message_age_seconds',
      'Age of the message at the head of the queue',
      q,
    ),
    status: gauge(reg, 'spillway_queue_status', STATUS_HELP, q),
  };
}

/** The metrics text for the sampler's current state, built afresh on every scrape. */
export async function renderMetrics(s: LagSampler): Promise<{ body: string; contentType: string }> {
  const reg = new Registry();
  const k = kafkaGauges(reg);
  const q = queueGauges(reg);
  const up = gauge(reg, 'spillway_cluster_up', '1 when the last sampling round of the cluster succeeded', [
    'cluster_name',
    'kind',
  ]);
  const failures = gauge(reg, 'spillway_cluster_consecutive_failures', 'Sampling rounds failed in a row', [
    'cluster_name',
    'kind',
  ]);
  for (const e of s.clusterEntries()) {
    const h = e.loop.health();
    const cluster_name = h.cluster;
    up.set({ cluster_name, kind: h.kind }, h.reachable ? 1 : 0);
    failures.set({ cluster_name, kind: h.kind }, h.consecutiveFailures);
    if (e.kafka) {
      put(k.pollTime, { cluster_name }, h.lastRoundMs);
      for (const p of e.kafka.partitions.values()) {
        const labels = { cluster_name, topic: p.topic, partition: p.partition };
        put(k.latest, labels, p.end);
        put(k.earliest, labels, p.logStart);
      }
      for (const d of e.kafka.details.values()) {
        const g = d.group;
        const grp = { cluster_name, group: g.group };
        const topicSums = new Map<string, number>();
        let maxLag: number | null = null;
        for (const p of d.partitions) {
          const labels = { ...grp, topic: p.topic, partition: p.partition };
          put(k.offset, labels, p.committed);
          put(k.lag, labels, p.lag);
          put(k.lagSeconds, labels, p.lagSeconds);
          if (p.lag !== null) {
            topicSums.set(p.topic, (topicSums.get(p.topic) ?? 0) + p.lag);
            maxLag = Math.max(maxLag ?? 0, p.lag);
          }
        }
        for (const [topic, sum] of topicSums) k.topicSumLag.set({ ...grp, topic }, sum);
        put(k.maxLag, grp, maxLag);
        put(k.maxLagSeconds, grp, g.lagSeconds);
        put(k.sumLag, grp, g.lag);
        k.status.set(grp, STATUS_SEVERITY[g.status]);
        put(k.eta, grp, g.etaSeconds);
        put(k.inRate, grp, g.inRate);
        put(k.outRate, grp, g.outRate);
      }
    }
    if (e.rabbitmq) {
      for (const v of e.rabbitmq.queues.values()) {
        const labels = { cluster_name, vhost: v.vhost, queue: v.queue };
        q.ready.set(labels, v.ready);
        q.unacked.set(labels, v.unacked);
        q.messages.set(labels, v.messages);
        q.consumers.set(labels, v.consumers);
        put(q.publishRate, labels, v.publishRate);
        put(q.outRate, labels, v.ackRate);
        put(q.eta, labels, v.etaSeconds);
        put(q.lagSeconds, labels, v.lagSeconds);
        q.status.set(labels, STATUS_SEVERITY[v.status]);
      }
    }
  }
  return { body: await reg.metrics(), contentType: reg.contentType };
}
