/*
 * Scenario: an operator opens the overview of a Spillway watching four clusters — the embedded broker,
 * an Apache Kafka, a RabbitMQ and a Kafka that nothing answers. Every cluster is listed with its kind and
 * health; the reachable ones show their brokers/nodes and keep being sampled, the dead one says it is
 * unreachable and why; totals and the worst-backlogs table are there; the page reads the same in the
 * dark theme. Screenshots of both themes are saved as test artifacts.
 */
import { expect, test } from '@playwright/test';
import { E2E } from './helpers/names';
import { OverviewPage } from './pages/overview';

test('the overview lists every cluster with its health, totals and backlogs', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  for (const [name, kind] of [
    [E2E.embedded.name, 'Embedded broker'],
    [E2E.kafka.name, 'Apache Kafka'],
    [E2E.rabbit.name, 'RabbitMQ'],
    [E2E.down.name, 'Apache Kafka'],
  ] as const) {
    await expect(overview.cluster(name)).toContainText(kind);
  }
  await expect(overview.clusterState(E2E.embedded.name)).toHaveAttribute('data-state', 'ok', {
    timeout: 20_000,
  });
  await expect(overview.clusterState(E2E.rabbit.name)).toHaveAttribute('data-state', /ok|slow/, {
    timeout: 20_000,
  });
  await expect(overview.cluster(E2E.embedded.name)).toContainText(/1 broker/, { timeout: 20_000 });
  await expect(overview.cluster(E2E.rabbit.name)).toContainText(/\d+ nodes?/, { timeout: 20_000 });
  await expect(page.getByTestId('totals')).toBeVisible();
  await expect(page.getByTestId('total-reachable')).toContainText('/ 4');
  await expect(overview.freshness).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('backlogs').or(page.getByTestId('backlogs-empty'))).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('overview-light.png'), fullPage: true });

  await page.getByTestId('theme-toggle').click();
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  if (theme !== 'dark') await page.getByTestId('theme-toggle').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await page.screenshot({ path: test.info().outputPath('overview-dark.png'), fullPage: true });
});

test('a cluster card links to its page, which shows brokers, replication and the audit', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await page.getByTestId(`cluster-link-${E2E.embedded.name}`).click();
  await expect(page).toHaveURL(/\/clusters\/embedded$/);
  await expect(page.getByTestId('cluster-state')).toHaveAttribute('data-state', 'ok', { timeout: 20_000 });
  await expect(page.getByTestId('brokers')).toContainText('127.0.0.1:19192');
  await expect(page.getByTestId('replication')).toBeVisible();
  await expect(page.getByTestId('demo-panel')).toBeVisible();
  await expect(page.getByTestId('findings')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath('cluster-embedded.png'), fullPage: true });
});
