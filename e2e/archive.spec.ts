/*
 * Scenario (issue 8, dashboard): a durable RabbitMQ queue with a 1 s message TTL and no consumer. From the
 * queue page the operator turns capture on (the real API, with the session's CSRF token); the page says
 * capture is on. 20 messages with message ids are published and expire; the archive consumer inside the
 * server stores them. The Archive page (nav link), filtered by that queue, lists exactly those 20 ids, each
 * with reason "expired". Capture is turned off again from the queue page, which then says it is off.
 */
import { expect, type Page, test } from '@playwright/test';
import { connect } from 'amqplib';
import { E2E, uniqueName } from './helpers/names';
import { QueuePage } from './pages/queue';

const N = 20;
const TTL_MS = 1000;
const MGMT = {
  url: 'http://127.0.0.1:15672',
  auth: `Basic ${Buffer.from('guest:guest').toString('base64')}`,
};

const queue = uniqueName('e2e-archive');
const ids = Array.from({ length: N }, (_, i) => `${queue}-${i}`);

/** Declares the queue: durable, default vhost, every message expires after TTL_MS (queue argument). */
async function declareTtlQueue(): Promise<void> {
  const conn = await connect(E2E.rabbit.amqpUrl);
  try {
    const ch = await conn.createChannel();
    await ch.assertQueue(queue, { durable: true, arguments: { 'x-message-ttl': TTL_MS } });
    await ch.close();
  } finally {
    await conn.close();
  }
}

/** Publishes the ids (persistent, publisher confirms) through the default exchange to the queue. */
async function publishIds(): Promise<void> {
  const conn = await connect(E2E.rabbit.amqpUrl);
  try {
    const ch = await conn.createConfirmChannel();
    for (const id of ids) {
      ch.sendToQueue(queue, Buffer.from(JSON.stringify({ id })), {
        persistent: true,
        messageId: id,
        contentType: 'application/json',
      });
    }
    await ch.waitForConfirms();
    await ch.close();
  } finally {
    await conn.close();
  }
}

/** Management API DELETE that ignores "not found" (cleanup after a run that failed half-way). */
async function mgmtDelete(path: string): Promise<void> {
  const res = await fetch(`${MGMT.url}${path}`, { method: 'DELETE', headers: { authorization: MGMT.auth } });
  if (!res.ok && res.status !== 404) throw new Error(`DELETE ${path}: HTTP ${res.status}`);
}

/** The capture control on the queue page and what it says. */
function capture(page: Page) {
  const root = page.getByTestId('capture-button');
  return { root, button: root.getByRole('button') };
}

test.afterAll(async () => {
  const enc = encodeURIComponent;
  await mgmtDelete(`/api/policies/%2F/${enc(`spillway-capture-${queue}`)}`);
  await mgmtDelete(`/api/queues/%2F/${enc(`spillway.archive.${queue}`)}`);
  await mgmtDelete(`/api/queues/%2F/${enc(queue)}`);
});

test('capture expired messages from the queue page, see exactly them in the Archive, turn capture off', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await declareTtlQueue();
  const q = new QueuePage(page);
  await q.goto(E2E.rabbit.name, '/', queue);

  // Capture on: through POST /api/replay/capture (CSRF header from the session), then the page says so.
  const { root, button } = capture(page);
  await expect(button).toHaveText('Capture expired messages', { timeout: 30_000 });
  const started = page.waitForResponse(
    (r) => r.url().endsWith('/api/replay/capture') && r.request().method() === 'POST',
  );
  await button.click();
  expect((await started).status()).toBe(200);
  await expect(button).toHaveText('Stop capturing expired messages', { timeout: 30_000 });
  await expect(root.getByRole('link', { name: 'archive' })).toBeVisible();
  await expect(root.getByRole('alert')).toHaveCount(0);

  // 20 messages expire after 1 s; the server's archive consumer stores them (it scans captures every 10 s).
  await publishIds();
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/api/archive?${new URLSearchParams({ queue })}`);
        return res.ok() ? ((await res.json()) as { total: number }).total : -1;
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBe(N);

  // The Archive page, filtered by the queue: exactly those ids, each expired.
  await page.getByTestId('nav-archive').click();
  await expect(page).toHaveURL(/\/archive$/);
  await expect(page.getByRole('heading', { name: 'Message archive' })).toBeVisible();
  await page
    .getByTestId('archive-filter')
    .getByRole('combobox', { name: 'queue', exact: true })
    .selectOption(queue);
  const rows = page.getByTestId('archive-table').locator('tbody tr');
  await expect(async () => {
    await expect(page.getByTestId('archive-count')).toHaveText(`${N} of ${N} message(s)`);
    await expect(rows).toHaveCount(N);
    const shownIds = await rows.locator('td:nth-child(7)').allTextContents();
    expect([...shownIds].sort()).toEqual([...ids].sort());
    const reasons = await rows.locator('td:nth-child(4)').allTextContents();
    expect(new Set(reasons)).toEqual(new Set(['expired']));
    const queues = await rows.locator('td:nth-child(3)').allTextContents();
    expect(new Set(queues)).toEqual(new Set([`//${queue}`]));
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath('archive.png'), fullPage: true });

  // Capture off from the queue page: it says so, and the archive link is gone.
  await q.goto(E2E.rabbit.name, '/', queue);
  await expect(button).toHaveText('Stop capturing expired messages', { timeout: 30_000 });
  await button.click();
  await expect(button).toHaveText('Capture expired messages', { timeout: 30_000 });
  await expect(root.getByRole('link', { name: 'archive' })).toHaveCount(0);
  await expect(root.getByRole('alert')).toHaveCount(0);
});
