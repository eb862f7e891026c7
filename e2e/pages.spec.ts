/*
 * Scenario: the operator visits the history pages and uses the keyboard. Audit lists findings with fixes,
 * Alerts shows the recorded status changes (or says there are none), Jobs lists the recovery jobs (or says
 * honestly that there are none yet), an unknown cluster gets a readable page, and the navigation works from
 * the keyboard.
 */
import { expect, test } from '@playwright/test';

test('audit, alerts and jobs pages render with readable states', async ({ page }) => {
  await page.goto('/audit');
  await expect(page.getByRole('heading', { name: 'Audit', level: 1 })).toBeVisible();
  await expect(page.getByTestId('audit-summary')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('finding').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('audit.png'), fullPage: true });

  await page.getByTestId('nav-alerts').click();
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  await expect(page.getByTestId('alerts').or(page.getByTestId('no-alerts'))).toBeVisible();
  await expect(page.getByTestId('webhooks')).toContainText('No webhook configured');
  await page.screenshot({ path: test.info().outputPath('alerts.png'), fullPage: true });

  await page.getByTestId('nav-jobs').click();
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  // Other specs of the run may already have started jobs: the list, or else the explained empty state.
  const firstJob = page.locator('[data-testid^="job-row-"]').first();
  await expect(firstJob.or(page.getByTestId('no-jobs'))).toBeVisible();
  if (!(await firstJob.isVisible())) {
    await expect(page.getByTestId('no-jobs')).toContainText(
      'no recovery jobs yet — drains and replays appear here',
      {
        ignoreCase: true,
      },
    );
  }
  await page.screenshot({ path: test.info().outputPath('jobs.png'), fullPage: true });
  await page.goto('/jobs/does-not-exist');
  await expect(page.getByTestId('job-not-found')).toBeVisible();
});

test('an unknown cluster gets a page that says what to do', async ({ page }) => {
  await page.goto('/clusters/no-such-cluster');
  await expect(page.getByTestId('cluster-not-found')).toContainText('spillway.config.json');
});

test('the navigation and theme toggle work from the keyboard', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  await expect(page.getByText('Skip to content')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('brand')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('nav-audit')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByTestId('nav-audit')).toHaveAttribute('aria-current', 'page');
});
