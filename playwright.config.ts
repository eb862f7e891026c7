import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// Chromium comes from Debian (/usr/bin/chromium); Playwright never downloads a browser here.
const executablePath = process.env.SPILLWAY_CHROMIUM ?? '/usr/bin/chromium';
const port = Number(process.env.SPILLWAY_E2E_PORT ?? 3100);
const ci = process.env.CI === 'true';
// Each run gets an empty data dir, so no state leaks between runs. Workers load this file again: the
// environment carries the directory to them, so all of them see the same server output and sign-in state.
const dataDir = process.env.SPILLWAY_E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'spillway-e2e-'));
process.env.SPILLWAY_E2E_DATA_DIR = dataDir;
// The server's stdout (with the first-start admin password, printed once) is copied here for auth.setup.ts.
const SERVER_STDOUT = path.join(dataDir, 'server.stdout');
// The signed-in admin's cookies, written by auth.setup.ts (helpers/auth.ts adminStatePath) for every other spec.
const ADMIN_STATE = path.join(dataDir, 'admin.storage.json');

export default defineConfig({
  testDir: 'e2e',
  forbidOnly: ci,
  retries: ci ? 1 : 0,
  workers: 1,
  timeout: 60_000,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // First: sign in as the first-start admin through the browser (e2e/auth.setup.ts).
    { name: 'setup', testMatch: /auth\.setup\.ts$/, use: { browserName: 'chromium' } },
    {
      name: 'chromium',
      dependencies: ['setup'],
      use: { browserName: 'chromium', storageState: ADMIN_STATE },
    },
  ],
  webServer: {
    command: `node bin/spillway.js start --port ${port} | tee ${JSON.stringify(SERVER_STDOUT)}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: !ci,
    timeout: 240_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      SPILLWAY_CONFIG: 'e2e/spillway.e2e.json',
      SPILLWAY_DATA_DIR: dataDir,
    },
  },
});
