import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';

function dataDir(): string {
  const dir = process.env.SPILLWAY_E2E_DATA_DIR;
  if (!dir) throw new Error('SPILLWAY_E2E_DATA_DIR is not set (playwright.config.ts sets it)');
  return dir;
}

/** Where auth.setup.ts saves the signed-in admin (playwright.config.ts loads it as storageState). */
export const adminStatePath = () => path.join(dataDir(), 'admin.storage.json');

/** The first-start admin password, from the server's stdout (playwright.config.ts copies it to a file). */
export function firstStartPassword(): string {
  const file = path.join(dataDir(), 'server.stdout');
  const out = readFileSync(file, 'utf8');
  const m = /Spillway admin user created: admin \/ (\S+) \(shown once/.exec(out);
  if (!m?.[1])
    throw new Error(
      `no first-start admin password in ${file}: the e2e server must start on an empty data dir (stop any server reused on the e2e port)`,
    );
  return m[1];
}

/** Signs in through the sign-in page, as a person would. */
export async function signInWithForm(page: Page, name: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-name')).toContainText(name);
}

/** Headers a mutation needs from a signed-in browser context: the session's CSRF token. */
export async function csrfHeaders(from: BrowserContext | APIRequestContext): Promise<Record<string, string>> {
  const state = await from.storageState();
  const csrf = state.cookies.find((c) => c.name === 'spillway_csrf')?.value;
  if (!csrf) throw new Error('not signed in: no spillway_csrf cookie');
  return { 'x-spillway-csrf': csrf };
}
