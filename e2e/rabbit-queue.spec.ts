/*
 * Scenario: messages pile up in a RabbitMQ queue nobody consumes. The spec declares a durable queue with a
 * TTL and publishes K persistent messages (publisher confirms); the queue page shows the depth, no
 * consumers, the type and the effective TTL (with the warning that expired messages have no dead-letter
 * exchange), and the depth chart.
 */
import { expect, test } from '@playwright/test';
import { E2E, uniqueName } from './helpers/names';
import { deleteQueue, fillQueue } from './helpers/rabbit';
import { QueuePage } from './pages/queue';

const K = 7;

test('a RabbitMQ queue page shows the depth after publishing', async ({ page }) => {
  const queue = uniqueName('e2e-queue');
  await fillQueue(E2E.rabbit.amqpUrl, queue, K);
  try {
    const q = new QueuePage(page);
    await q.goto(E2E.rabbit.name, '/', queue);
    await expect.poll(() => q.value(q.messages), { timeout: 45_000 }).toBe(K);
    await expect.poll(() => q.value(q.ready), { timeout: 15_000 }).toBe(K);
    expect(await q.value(q.consumers)).toBe(0);
    await expect(page.getByTestId('queue-type')).toHaveText('classic');
    await expect(q.ttl).toContainText('1h');
    await expect(page.getByTestId('queue-ttl-loss')).toBeVisible();
    await expect(q.depthChart).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('rabbit-queue.png'), fullPage: true });

    // The queue is listed on its cluster page and links back here.
    await page.getByRole('link', { name: E2E.rabbit.name }).first().click();
    await page.getByTestId('queues-filter').fill(queue);
    await expect(page.getByTestId('queues').getByRole('link', { name: queue })).toBeVisible({
      timeout: 20_000,
    });
  } finally {
    await deleteQueue(E2E.rabbit.amqpUrl, queue);
  }
});
