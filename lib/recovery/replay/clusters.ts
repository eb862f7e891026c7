// Which configured cluster a replay or offset command acts on.
import type {
  ClusterConfig,
  Config,
  EmbeddedClusterConfig,
  KafkaClusterConfig,
  RabbitmqClusterConfig,
} from '../../config';
import { ReplayError } from './errors';

export type KafkaKind = KafkaClusterConfig | EmbeddedClusterConfig;

function pick<T extends ClusterConfig>(
  config: Config,
  name: string | undefined,
  fits: (c: ClusterConfig) => c is T,
  what: string,
): T {
  const candidates = config.clusters.filter(fits);
  if (name !== undefined) {
    const found = config.clusters.find((c) => c.name === name);
    if (!found) {
      const known = config.clusters.map((c) => c.name).join(', ') || 'none';
      throw new ReplayError(`unknown cluster "${name}" (configured: ${known})`, 'not-found');
    }
    if (!fits(found)) throw new ReplayError(`cluster "${name}" is not a ${what} cluster`);
    return found;
  }
  const [only, second] = candidates;
  if (!only) throw new ReplayError(`no ${what} cluster is configured`);
  if (second) {
    throw new ReplayError(
      `several ${what} clusters are configured (${candidates.map((c) => c.name).join(', ')}): pass --cluster`,
    );
  }
  return only;
}

const isKafka = (c: ClusterConfig): c is KafkaKind => c.kind === 'kafka' || c.kind === 'embedded';
const isRabbit = (c: ClusterConfig): c is RabbitmqClusterConfig => c.kind === 'rabbitmq';

/** A Kafka or embedded cluster: the named one, or the only one configured. */
export function kafkaCluster(config: Config, name?: string): KafkaKind {
  return pick(config, name, isKafka, 'Kafka');
}

/** A RabbitMQ cluster: the named one, or the only one configured. */
export function rabbitmqCluster(config: Config, name?: string): RabbitmqClusterConfig {
  return pick(config, name, isRabbit, 'RabbitMQ');
}
