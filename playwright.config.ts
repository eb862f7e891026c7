import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// Chromium comes from Debian (/usr/bin/chromium); Playwright never downloads a browser here.
const executablePath = process.env.SPILLWAY_CHROMIUM ?? '/usr/bin/chromium';
const port = Number(process.env.SPILLWAY_E2E_PORT ?? 3100);
const ci = process.env.CI === 'true';
// Each run gets an empty data dir, so no state leaks between runs.
const dataDir = process.env.SPILLWAY_E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'spillway-e2e-'));

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
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `node bin/spillway.js start --port ${port}`,
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
