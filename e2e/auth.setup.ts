/*
 * Scenario: Spillway starts for the first time on an empty data dir and prints an admin password once on
 * its console. The operator opens the dashboard, is sent to the sign-in page, signs in with that password
 * and lands on the page they asked for. The signed-in state is saved for every other spec.
 */
import { expect, test as setup } from '@playwright/test';
import { adminStatePath, firstStartPassword } from './helpers/auth';

setup('the first-start admin password works in the browser', async ({ page }) => {
  const password = firstStartPassword();
  await page.goto('/alerts');
  await expect(page).toHaveURL(/\/login\?next=%2Falerts$/);
  await page.getByTestId('login-name').fill('admin');
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toHaveText('wrong user name or password');
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/alerts$/);
  await expect(page.getByTestId('user-name')).toContainText('admin');
  await expect(page.getByTestId('user-role')).toHaveText('(admin)');
  await page.context().storageState({ path: adminStatePath() });
});
