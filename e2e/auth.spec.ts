/*
 * Scenario: an admin adds a viewer. The viewer signs in, sees the dashboard but no action buttons (no demo
 * start, no recovery actions), and gets 403 when calling a mutation API anyway. The admin starts the demo
 * and finds the demo.start entry on the Audit log page, with the viewer's refused call beside it. Pages run
 * under the strict CSP (scripts only with the response's nonce) without a single violation.
 */
import { expect, test } from '@playwright/test';
import { csrfHeaders, signInWithForm } from './helpers/auth';
import { E2E, uniqueName } from './helpers/names';
import { ClusterPage } from './pages/cluster';

test('a viewer sees no action buttons and is refused by the API anyway', async ({ browser, request }) => {
  const name = uniqueName('viewer');
  const password = `${name}-password`;
  const created = await request.post('/api/users', {
    data: { name, role: 'viewer', password },
    headers: await csrfHeaders(request),
  });
  expect(created.status()).toBe(200);

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  try {
    await signInWithForm(page, name, password);
    await expect(page.getByTestId('user-role')).toHaveText('(viewer)');
    const cluster = new ClusterPage(page);
    await cluster.goto(E2E.embedded.name);
    await expect(page.getByTestId('demo-panel')).toBeVisible();
    await expect(page.getByTestId('demo-viewer-note')).toBeVisible();
    await expect(cluster.demoStart).toHaveCount(0);
    await expect(cluster.demoStop).toHaveCount(0);

    const refused = await page.request.post('/api/demo', {
      data: { action: 'start' },
      headers: await csrfHeaders(context),
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error).toMatch(/operator/);
    const users = await page.request.get('/api/users');
    expect(users.status()).toBe(403);

    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/audit-log');
    await expect(page).toHaveURL(/\/login\?next=%2Faudit-log$/);
  } finally {
    await context.close();
  }
});

test('starting the demo writes an audit entry shown on the Audit log page', async ({ page }) => {
  test.setTimeout(90_000);
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  const cluster = new ClusterPage(page);
  await cluster.goto(E2E.embedded.name);
  try {
    await cluster.demoStart.click();
    // The start request answers (and is recorded) once the workload runs; stop only after that.
    await expect(cluster.demoState).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    await cluster.demoStop.click();
    await expect(cluster.demoState).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  } finally {
    await page.request.delete('/api/demo', { headers: await csrfHeaders(page.context()) });
  }
  await page.getByTestId('nav-audit-log').click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await page.getByTestId('filter-action').fill('demo.');
  const start = page.locator('[data-testid="audit-log-row"][data-action="demo.start"]').first();
  await expect(start).toBeVisible();
  await expect(start).toHaveAttribute('data-result', 'ok');
  await expect(start).toContainText('admin');
  await expect(start).toContainText(E2E.embedded.name);
  await page.getByTestId('filter-action').fill('');
  await page.getByTestId('filter-result').selectOption('denied');
  // The viewer's refused demo start (previous test) is there too.
  await expect(
    page
      .locator('[data-testid="audit-log-row"][data-action="http.denied"]', { hasText: 'POST /api/demo' })
      .first(),
  ).toContainText('(viewer)');
  await page.screenshot({ path: test.info().outputPath('audit-log.png'), fullPage: true });
  expect(violations).toEqual([]);
});

test('every response carries the security headers and a per-response CSP nonce on the scripts', async ({
  page,
}) => {
  const res = await page.goto('/');
  const csp = res?.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res?.headers()['x-content-type-options']).toBe('nosniff');
  expect(res?.headers()['x-powered-by']).toBeUndefined();
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const scripts = await page
    .locator('script')
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((n) => n === nonce)).toBe(true);
  await expect(page.getByTestId('user-menu')).toBeVisible();
});

test('an admin manages users and tokens on the Users page', async ({ page }) => {
  const name = uniqueName('op');
  await page.goto('/');
  await page.getByTestId('nav-users').click();
  await expect(page.getByRole('heading', { name: 'Users and tokens' })).toBeVisible();
  const add = page.getByTestId('add-user');
  await add.getByLabel('New user name').fill(name);
  await add.getByLabel('New user role').selectOption('operator');
  await add.getByLabel('New user password').fill(`${name}-password`);
  await add.getByRole('button', { name: 'Add user' }).click();
  const row = page.locator(`[data-testid="user-row"][data-name="${name}"]`);
  await expect(row.getByLabel(`Role of ${name}`)).toHaveValue('operator');
  const token = page.getByTestId('add-token');
  await token.getByLabel('New token name').fill(`${name}-ci`);
  await token.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('new-token')).toContainText('spl_');
  await row.getByRole('button', { name: 'Remove' }).click();
  await expect(row).toHaveCount(0);
});
