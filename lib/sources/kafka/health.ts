// Replication health derived from partition metadata and topic configs: pure functions.
import type { KafkaHealth, KafkaPartitionInfo, KafkaTopicInfo } from '../types';

/** ISR smaller than the replica set. */
export function isUnderReplicated(p: Pick<KafkaPartitionInfo, 'isr' | 'replicas'>): boolean {
  return p.isr.length < p.replicas.length;
}

/**
 * ISR smaller than min.insync.replicas: acks=all producers get NOT_ENOUGH_REPLICAS. An offline partition
 * is reported as offline, not here. Unknown when the config is absent or not a number.
 */
export function isUnderMinIsr(
  p: Pick<KafkaPartitionInfo, 'isr' | 'offline'>,
  minIsr: number | null,
): boolean {
  return minIsr !== null && !p.offline && p.isr.length < minIsr;
}

export function minInsyncReplicas(configs: Readonly<Record<string, string>>): number | null {
  const raw = configs['min.insync.replicas'];
  if (raw === undefined) return null;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : null;
}

export function deriveHealth(topics: readonly KafkaTopicInfo[]): KafkaHealth {
  const health: KafkaHealth = { underReplicated: [], underMinIsr: [], offline: [] };
  for (const t of topics) {
    const minIsr = minInsyncReplicas(t.configs);
    for (const p of t.partitions) {
      const ref = { topic: t.name, partition: p.partition };
      if (p.offline) health.offline.push(ref);
      if (isUnderReplicated(p)) health.underReplicated.push(ref);
      if (isUnderMinIsr(p, minIsr)) health.underMinIsr.push(ref);
    }
  }
  return health;
}
