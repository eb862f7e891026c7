import { randomBytes } from 'node:crypto';

/** A name no other test (or earlier run) uses: `<prefix>-<time>-<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** The clusters of e2e/spillway.e2e.json. */
export const E2E = {
  embedded: { name: 'embedded', bootstrap: '127.0.0.1:19192' },
  kafka: { name: 'apache-kafka', bootstrap: '127.0.0.1:19092' },
  rabbit: { name: 'rabbit', amqpUrl: 'amqp://guest:guest@127.0.0.1:5672' },
  down: { name: 'kafka-down', bootstrap: '127.0.0.1:19099' },
} as const;
