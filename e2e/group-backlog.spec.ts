/*
 * Scenario: a consumer group falls behind. With kafkajs the spec produces N messages to a new topic on the
 * embedded broker, a consumer reads M of them, commits and stops. The group's page (reached through the
 * cluster page's filtered, virtualized table, with a name that needs URL-encoding) shows a lag of exactly
 * N − M and, once the sampler sees commits have stopped, a non-OK status; the partition table, charts and
 * recovery entry point are there.
 */
import { expect, test } from '@playwright/test';
import { createBacklog, deleteTopic } from './helpers/kafka';
import { E2E, uniqueName } from './helpers/names';
import { ClusterPage } from './pages/cluster';
import { GroupPage } from './pages/group';

const N = 50;
const M = 20;

test('a stopped consumer group shows exactly N − M behind and a non-OK status', async ({ page }) => {
  const topic = uniqueName('e2e.backlog');
  const group = uniqueName('e2e group/ü.backlog');
  await createBacklog(E2E.embedded.bootstrap, topic, group, N, M);
  try {
    const cluster = new ClusterPage(page);
    await cluster.goto(E2E.embedded.name);
    await expect(cluster.groups.filter).toBeVisible({ timeout: 30_000 });
    await cluster.groups.filter.fill(group);
    const link = cluster.groups.root.getByRole('link', { name: group, exact: true });
    await expect(link).toBeVisible({ timeout: 30_000 });
    await link.click();

    const groupPage = new GroupPage(page);
    await expect(groupPage.title).toHaveText(group);
    await expect(page).toHaveURL(new RegExp(`/groups/${encodeURIComponent(group).replace(/[.]/g, '\\.')}$`));
    await expect.poll(() => groupPage.lagValue(), { timeout: 30_000 }).toBe(N - M);
    await expect(groupPage.lag).toContainText(String(N - M));
    await expect.poll(() => groupPage.statusValue(), { timeout: 45_000 }).not.toBe('OK');
    expect(await groupPage.statusValue()).not.toBeNull();

    await groupPage.partitions.filter.fill(topic);
    const row = groupPage.partitions.rows().first();
    await expect(row).toContainText(String(M));
    await expect(row).toContainText(String(N));
    await expect(groupPage.lagChart).toBeVisible();
    await expect(groupPage.recovery).toBeVisible();
    await expect(page.getByTestId('no-members')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('group-backlog.png'), fullPage: true });

    // Deep link straight to the same page, with another time range.
    await groupPage.goto(E2E.embedded.name, group, '1h');
    await expect(page.getByTestId('range-1h')).toBeChecked();
    await expect.poll(() => groupPage.lagValue(), { timeout: 15_000 }).toBe(N - M);

    // Its topic page: partitions with leader and ISR, configs, and the group reading it.
    await page.getByRole('link', { name: topic }).first().click();
    await expect(page.getByTestId('page-title')).toHaveText(topic);
    await expect(page.getByTestId('topic-partition-0')).toContainText('127.0.0.1:19192', { timeout: 20_000 });
    await expect(page.getByTestId('topic-configs')).toContainText('retention.ms');
    await expect(page.getByTestId('topic-groups')).toContainText(group);
    await page.screenshot({ path: test.info().outputPath('topic.png'), fullPage: true });
  } finally {
    await deleteTopic(E2E.embedded.bootstrap, topic);
  }
});
