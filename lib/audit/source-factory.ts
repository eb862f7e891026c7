// The one place the audit obtains sources. TODO(sources): switch to createSource from lib/sources/index.ts
// once it lands; until then Kafka-kind clusters use the Kafka adapter and RabbitMQ reports itself unavailable.
import type { ClusterConfig } from '../config';
import { SourceUnavailableError } from '../sources/errors';
import { createKafkaSource } from '../sources/kafka';
import type { Source } from '../sources/types';

export function createAuditSource(cluster: ClusterConfig): Source {
  if (cluster.kind === 'rabbitmq') {
    throw new SourceUnavailableError(
      cluster.name,
      'the RabbitMQ source adapter is not available in this build',
    );
  }
  return createKafkaSource(cluster);
}
