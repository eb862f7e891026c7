// Helpers for the lib/sources RabbitMQ tests: a vhost of their own (so counts and pages are exact),
// policies, and cleanup, through the management API of the test RabbitMQ.
import { managementFetch, RABBITMQ_MANAGEMENT } from './services';

export { amqpUrlForVhost } from '../../lib/sources/rabbitmq/amqp';

async function expectOk(response: Response, what: string): Promise<void> {
  if (!response.ok)
    throw new Error(`${what}: HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
}

/** Creates a vhost and gives the management user full permissions on it. */
export async function createTestVhost(vhost: string): Promise<void> {
  const v = encodeURIComponent(vhost);
  await expectOk(
    await managementFetch(`/api/vhosts/${v}`, { method: 'PUT', body: '{}' }),
    `create vhost ${vhost}`,
  );
  await expectOk(
    await managementFetch(`/api/permissions/${v}/${encodeURIComponent(RABBITMQ_MANAGEMENT.username)}`, {
      method: 'PUT',
      body: JSON.stringify({ configure: '.*', write: '.*', read: '.*' }),
    }),
    `permissions on ${vhost}`,
  );
}

/** Deletes a vhost and everything in it; a missing vhost is fine. */
export async function deleteTestVhost(vhost: string): Promise<void> {
  const response = await managementFetch(`/api/vhosts/${encodeURIComponent(vhost)}`, { method: 'DELETE' });
  if (response.status !== 404) await expectOk(response, `delete vhost ${vhost}`);
}

export async function putPolicy(
  vhost: string,
  name: string,
  body: { pattern: string; 'apply-to': string; definition: Record<string, unknown>; priority?: number },
): Promise<void> {
  await expectOk(
    await managementFetch(`/api/policies/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`, {
      method: 'PUT',
      body: JSON.stringify({ priority: 0, ...body }),
    }),
    `policy ${name}`,
  );
}
