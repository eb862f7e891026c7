import type { ClusterConfig } from '../config';

/** What the browser may know about a configured cluster: never passwords, tokens or key material. */
export interface PublicCluster {
  name: string;
  kind: ClusterConfig['kind'];
  /** Where it is reached, without credentials. */
  endpoints: string[];
  /** Security features in use, by name only. */
  security: string[];
}

/** Strips user info from a URL (amqp://user:pass@host → amqp://user@host) and any query secrets. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.password = '';
    url.search = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '***';
  }
}

export function toPublicCluster(c: ClusterConfig): PublicCluster {
  switch (c.kind) {
    case 'embedded':
      return { name: c.name, kind: c.kind, endpoints: [`${c.host}:${c.port}`], security: [] };
    case 'kafka':
      return {
        name: c.name,
        kind: c.kind,
        endpoints: [...c.brokers],
        security: [...(c.ssl ? ['tls'] : []), ...(c.sasl ? [`sasl/${c.sasl.mechanism}`] : [])],
      };
    case 'rabbitmq':
      return {
        name: c.name,
        kind: c.kind,
        endpoints: [redactUrl(c.amqpUrl), redactUrl(c.managementUrl)],
        security: c.amqpUrl.startsWith('amqps:') ? ['tls'] : [],
      };
  }
}
