/*
 * Scenario: a newcomer presses "Start demo" on the embedded cluster page. The peak-shaving workload starts
 * inside Spillway (bursts of ~5,000 msg/s, consumers limited to ~2,000 msg/s): its group shows a growing
 * lag within seconds, labelled as demo data, and the demo stops cleanly from the same panel.
 */
import { expect, test } from '@playwright/test';
import { csrfHeaders } from './helpers/auth';
import { E2E } from './helpers/names';
import { ClusterPage } from './pages/cluster';
import { GroupPage } from './pages/group';

test('the demo button produces visible lag, labelled as demo data', async ({ page }) => {
  test.setTimeout(120_000);
  const cluster = new ClusterPage(page);
  await cluster.goto(E2E.embedded.name);
  try {
    await cluster.demoStart.click();
    await expect(cluster.demoState).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    await cluster.demoGroupLink.click();

    const group = new GroupPage(page);
    await expect(group.title).toHaveText('spillway-demo-consumers');
    await expect(group.demoBadge).toBeVisible();
    await expect.poll(() => group.lagValue(), { timeout: 45_000 }).toBeGreaterThan(1000);
    await expect(group.lagChart).toHaveAttribute('data-points', /[1-9]/, { timeout: 30_000 });
    await page.screenshot({ path: test.info().outputPath('demo-group.png'), fullPage: true });

    await page.getByRole('link', { name: E2E.embedded.name }).first().click();
    await cluster.demoStop.click();
    await expect(cluster.demoState).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  } finally {
    await page.request.delete('/api/demo', { headers: await csrfHeaders(page.context()) });
  }
});

test('the demo API refuses cross-site requests', async ({ request }) => {
  // A cross-site page can ride the session cookie (were it not SameSite=Strict) but cannot know the CSRF token.
  const res = await request.post('/api/demo', {
    data: { action: 'start' },
    headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error).toMatch(/CSRF/);
  const bad = await request.post('/api/demo', {
    data: { action: 'explode' },
    headers: await csrfHeaders(request),
  });
  expect(bad.status()).toBe(400);
});
