// Page object of the drain wizard (/jobs/drain?…), its live step and the job controls (e2e/drain.spec.ts).
import { expect, type Locator, type Page } from '@playwright/test';

/** Page object of the drain wizard (/jobs/drain?…) and its live step. */
export class DrainWizardPage {
  readonly factor: Locator;
  readonly planButton: Locator;
  readonly plan: Locator;
  readonly continueButton: Locator;
  readonly confirm: Locator;
  readonly start: Locator;
  readonly live: Locator;
  readonly jobId: Locator;
  readonly tempTopic: Locator;
  readonly tempGroup: Locator;
  readonly done: Locator;
  readonly total: Locator;

  constructor(readonly page: Page) {
    this.factor = page.getByTestId('drain-factor');
    this.planButton = page.getByTestId('drain-plan-button');
    this.plan = page.getByTestId('drain-plan');
    this.continueButton = page.getByTestId('drain-continue');
    this.confirm = page.getByTestId('drain-confirm');
    this.start = page.getByTestId('drain-start');
    this.live = page.getByTestId('drain-live');
    this.jobId = page.getByTestId('drain-job-id');
    this.tempTopic = page.getByTestId('drain-temp-topic');
    this.tempGroup = page.getByTestId('drain-temp-group');
    this.done = page.getByTestId('job-done');
    this.total = page.getByTestId('job-total');
  }

  async value(testId: 'job-done' | 'job-total' | 'drain-temp-lag' | 'drain-finish'): Promise<number | null> {
    const v = await this.page.getByTestId(testId).getAttribute('data-value');
    return v === null || v === '' || v === 'null' ? null : Number(v);
  }
}

/** Signs in when the server asks for it (the request gate); a no-op when the session is already there. */
export async function signedIn(page: Page): Promise<void> {
  await page.goto('/jobs');
  if (!page.url().includes('/login')) return;
  const name = process.env.SPILLWAY_E2E_USER ?? 'admin';
  const password = process.env.SPILLWAY_E2E_PASSWORD;
  if (!password)
    throw new Error('the server asks for a sign-in: set SPILLWAY_E2E_PASSWORD (or use the e2e login setup)');
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page).not.toHaveURL(/\/login/);
}
