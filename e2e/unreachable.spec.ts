/*
 * Scenario: one configured Kafka cluster (kafka-down, 127.0.0.1:19099) has nothing listening. The overview
 * marks it unreachable with the connection error, in its card and in a banner, while the embedded broker
 * and RabbitMQ keep being sampled; the cluster's own page says the same instead of going blank.
 */
import { expect, test } from '@playwright/test';
import { E2E } from './helpers/names';
import { OverviewPage } from './pages/overview';

test('a cluster nothing answers shows unreachable with its error while the others keep updating', async ({
  page,
}) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.clusterState(E2E.down.name)).toHaveAttribute('data-state', 'unreachable', {
    timeout: 30_000,
  });
  await expect(overview.clusterError(E2E.down.name)).toContainText(/ECONNREFUSED|Connection error|no answer/);
  await expect(overview.unreachableBanner).toContainText(E2E.down.name);

  // The others keep updating: their last successful sample moves forward while kafka-down stays down.
  for (const name of [E2E.embedded.name, E2E.rabbit.name]) {
    await expect.poll(() => overview.lastSampled(name), { timeout: 20_000 }).toBeGreaterThan(0);
    const first = await overview.lastSampled(name);
    await expect.poll(() => overview.lastSampled(name), { timeout: 20_000 }).toBeGreaterThan(first);
  }
  await expect(overview.clusterState(E2E.down.name)).toHaveAttribute('data-state', 'unreachable');
  await expect(overview.freshness).toHaveAttribute('data-state', 'live');

  await page.getByTestId(`cluster-link-${E2E.down.name}`).click();
  await expect(page.getByTestId('page-title')).toHaveText(E2E.down.name);
  await expect(page.getByTestId('cluster-state')).toHaveAttribute('data-state', 'unreachable');
  await expect(page.getByTestId('cluster-error')).toContainText(/ECONNREFUSED|Connection error|no answer/);
  await page.screenshot({ path: test.info().outputPath('cluster-unreachable.png'), fullPage: true });
});
