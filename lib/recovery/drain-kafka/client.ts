// kafkajs clients for a drain, built from the cluster config the same way lib/sources does (TLS, SASL,
// timeouts, the redacting log bridge). kafkajs stays inside lib/sources and lib/recovery.
import { Kafka } from 'kafkajs';
import type { ClusterConfig } from '../../config';
import { kafkaClientSetup } from '../../sources/kafka/client';
import { JobError } from '../jobs/types';

export function kafkaFor(cluster: ClusterConfig, clientId = 'spillway-drain'): Kafka {
  if (cluster.kind === 'rabbitmq')
    throw new JobError(`cluster ${cluster.name} is RabbitMQ; use --queue`, 400);
  const { config } = kafkaClientSetup(cluster);
  return new Kafka({ ...config, clientId, retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 } });
}
