/*
 * Scenario: a newcomer opens the dashboard. The shell renders (header, navigation, theme toggle), the
 * overview lists every configured cluster with its kind and endpoints and no secret, and an unknown
 * address shows a readable not-found page rather than a blank one.
 */
import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview';

test('the overview lists the configured clusters without secrets', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(page).toHaveTitle(/Spillway/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(overview.clusterList).toBeVisible();
  await expect(overview.cluster('embedded')).toContainText('Embedded broker');
  await expect(overview.cluster('embedded')).toContainText('127.0.0.1:19192');
  await expect(overview.cluster('apache-kafka')).toContainText('Apache Kafka');
  await expect(overview.cluster('apache-kafka')).toContainText('127.0.0.1:19092');
  await expect(overview.cluster('rabbit')).toContainText('RabbitMQ');
  await expect(overview.cluster('rabbit')).toContainText('amqp://guest@127.0.0.1:5672');
  await expect(page.getByTestId('version')).toHaveText(/^Spillway \d+\.\d+\.\d+/);
  const html = await page.content();
  expect(html).not.toContain('guest:guest');
  await page.screenshot({ path: test.info().outputPath('overview.png'), fullPage: true });
});

test('the theme toggle switches between light and dark and remembers the choice', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  const toggle = page.getByTestId('theme-toggle');
  await expect(toggle).toBeEnabled();
  const before = await page.evaluate(() => document.documentElement.dataset.theme ?? null);
  await toggle.click();
  const after = await page.evaluate(() => document.documentElement.dataset.theme);
  expect(after).not.toBe(before);
  await page.reload();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(after);
});

test('an unknown address shows a not-found page with a way back', async ({ page }) => {
  const res = await page.goto('/no/such/page');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('Not found');
  await page.getByRole('link', { name: 'Back to the overview' }).click();
  await expect(page.getByTestId('cluster-list')).toBeVisible();
});
