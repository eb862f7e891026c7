/*
 * Scenario: a consumer group has a backlog of keyed messages on the embedded broker and no active members.
 * From the group page the operator opens the drain wizard, plans (dry run: backlog N − M, the temp topic
 * with factor × partitions), confirms, and watches the live progress until every backlog message is
 * dispatched. A test consumer plays the workers: it consumes the temp topic with group `<group>.drain.<job>`
 * and commits. The operator restores (confirmed): the cut-over offset is shown, the job completes, the
 * original group's committed offset is the cut-over, the temp topic is gone, and the Jobs list shows the job
 * completed.
 * A group with an active member: the plan shows the refusal with its reason and blocks Continue; with
 * Force the plan goes through and keeps the warning.
 * A viewer follows a running drain (job page, wizard address) but sees no controls and gets 403 from the
 * control API.
 * The same from a RabbitMQ queue page: key header:orderId, factor 3, workers on the three temp queues (per-key
 * order checked), restore once they are empty, job completed.
 */
import { expect, test } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import {
  committedOffset,
  consumeTemp,
  consumeTempQueues,
  csrf,
  deleteQueues,
  fillKeyedQueue,
  KEYS,
  Q_N,
  topicExists,
} from './helpers/drain';
import { createBacklog, deleteTopic } from './helpers/kafka';
import { E2E, uniqueName } from './helpers/names';
import { DrainWizardPage, signedIn } from './pages/drain';
import { GroupPage } from './pages/group';
import { QueuePage } from './pages/queue';

const N = 120;
const M = 20;
const FACTOR = 3;

test('drain a group backlog from its page: plan, confirm, live progress, restore, completed in Jobs', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const topic = uniqueName('e2e.drain');
  const group = uniqueName('e2e drain group');
  await createBacklog(E2E.embedded.bootstrap, topic, group, N, M);
  let tempTopic: string | null = null;
  try {
    await signedIn(page);
    const groupPage = new GroupPage(page);
    await groupPage.goto(E2E.embedded.name, group);
    await expect.poll(() => groupPage.lagValue(), { timeout: 45_000 }).toBe(N - M);

    // The Recovery entry point opens the wizard.
    await groupPage.recovery.getByTestId('recovery-drain').click();
    await expect(page).toHaveURL(/\/jobs\/drain\?/, { timeout: 30_000 });
    const wizard = new DrainWizardPage(page);
    await expect(page.getByTestId('wizard-step-plan')).toHaveAttribute('aria-current', 'step');

    // A bad factor is refused on the spot.
    await wizard.factor.fill('1');
    await wizard.planButton.click();
    await expect(page.getByTestId('drain-error-factor')).toContainText('from 2 to 100');

    // Plan (dry run).
    await wizard.factor.fill(String(FACTOR));
    await wizard.planButton.click();
    await expect(wizard.plan).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('plan-backlog')).toHaveAttribute('data-value', String(N - M));
    await expect(page.getByTestId('plan-temp-topic')).toContainText(`${topic}.drain.`);
    await expect(page.getByTestId('drain-plan-temp')).toContainText(`${FACTOR} partitions`);
    // A keyed backlog behind an idle group: nothing to warn about, and the plan says so.
    await expect(page.getByTestId('drain-no-warnings')).toBeVisible();
    await expect(page.getByTestId('drain-warnings')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('drain-plan.png'), fullPage: true });

    // Confirm names what will be created, then start.
    await wizard.continueButton.click();
    await expect(page.getByTestId('wizard-step-confirm')).toHaveAttribute('aria-current', 'step');
    await expect(wizard.confirm).toContainText(`create topic ${topic}.drain.`);
    await wizard.start.click();

    // Live progress until everything is dispatched.
    await expect(wizard.live).toBeVisible({ timeout: 30_000 });
    await expect(page).toHaveURL(/[?&]job=j-/);
    const jobId = (await wizard.jobId.textContent())?.trim() ?? '';
    expect(jobId).toMatch(/^j-/);
    await expect.poll(() => wizard.value('job-done'), { timeout: 60_000 }).toBe(N - M);
    expect(await wizard.value('job-total')).toBe(N - M);
    await expect(page.getByTestId('job-rate-chart')).toBeVisible();
    tempTopic = (await wizard.tempTopic.textContent())?.trim() ?? '';
    const tempGroup = (await wizard.tempGroup.textContent())?.trim() ?? '';
    expect(tempTopic).toBe(`${topic}.drain.${jobId}`);
    expect(tempGroup).toBe(`${group}.drain.${jobId}`);
    await page.screenshot({ path: test.info().outputPath('drain-progress.png'), fullPage: true });

    // The workers consume the temp topic; every key keeps its source order.
    const byKey = await consumeTemp(tempTopic, tempGroup, N - M);
    expect([...byKey.values()].reduce((s, o) => s + o.length, 0)).toBe(N - M);
    for (const offsets of byKey.values()) expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    await expect.poll(() => wizard.value('drain-temp-lag'), { timeout: 30_000 }).toBe(0);
    // The workers' projected finish: everything dispatched and consumed.
    await expect.poll(() => wizard.value('drain-finish'), { timeout: 30_000 }).toBe(0);
    await expect(page.getByTestId('drain-finish')).toContainText('all consumed');

    // Restore (confirmed): cut-over shown, job completed.
    await page.getByTestId('job-restore').click();
    await expect(page.getByTestId('job-restore-confirm')).toContainText(`${group}`);
    await page.getByTestId('job-restore-yes').click();
    await expect(page.getByTestId('drain-finished')).toHaveAttribute('data-state', 'completed', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('wizard-step-done')).toHaveAttribute('aria-current', 'step');
    await expect(page.getByTestId('cutover-0')).toContainText(String(N));
    await page.screenshot({ path: test.info().outputPath('drain-restored.png'), fullPage: true });
    expect(await committedOffset(group, topic)).toBe(N);
    expect(await topicExists(tempTopic)).toBe(false);

    // Back on the group page, the Recovery section lists the job.
    await page
      .getByTestId('drain-finished')
      .getByRole('link', { name: `Back to group ${group}` })
      .click();
    await expect(page.getByTestId(`source-job-state-${jobId}`)).toHaveAttribute('data-state', 'completed', {
      timeout: 15_000,
    });

    // The job's page: its checkpoint (next offset to copy) and the audit trail of the restore.
    await page.goto(`/jobs/${jobId}`);
    await expect(page.getByTestId('job-page-state')).toHaveAttribute('data-state', 'completed');
    await expect(page.getByTestId('checkpoint-0')).toContainText(String(N));
    await expect(page.getByTestId('job-audit').locator('[data-action$=".restore"]').first()).toBeVisible({
      timeout: 15_000,
    });
    await page.screenshot({ path: test.info().outputPath('job-detail.png'), fullPage: true });

    // The Jobs list shows it completed.
    await page.goto('/jobs');
    const row = page.getByTestId(`job-row-${jobId}`);
    await expect(row).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId(`job-state-${jobId}`)).toHaveAttribute('data-state', 'completed');
    await expect(row).toContainText(`${N - M} / ${N - M}`);
    await page.screenshot({ path: test.info().outputPath('jobs-list.png'), fullPage: true });
    await page.getByTestId('jobs-filter-state').selectOption('completed');
    await expect(row).toBeVisible();
    await page.getByTestId('jobs-filter-state').selectOption('running');
    await expect(row).toHaveCount(0);
  } finally {
    await deleteTopic(E2E.embedded.bootstrap, topic);
    if (tempTopic) await deleteTopic(E2E.embedded.bootstrap, tempTopic);
  }
});

test('a group with an active member: the plan is refused with the reason inline, Force explains and allows it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const topic = uniqueName('e2e.drain-busy');
  const group = uniqueName('e2e drain busy');
  await createBacklog(E2E.embedded.bootstrap, topic, group, 30, 10);
  // A member that joins the group and holds its first message without committing (the backlog stays).
  const kafka = new Kafka({
    clientId: 'spillway-e2e-busy',
    brokers: [E2E.embedded.bootstrap],
    logLevel: logLevel.NOTHING,
  });
  const member = kafka.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 500 });
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => {
    release = r;
  });
  await member.connect();
  try {
    await member.subscribe({ topic });
    void member.run({ autoCommit: false, eachMessage: () => held });
    await signedIn(page);
    const q = new URLSearchParams({ cluster: E2E.embedded.name, group });
    await page.goto(`/jobs/drain?${q.toString()}`);
    const wizard = new DrainWizardPage(page);
    await expect(async () => {
      await wizard.planButton.click();
      await expect(page.getByTestId('drain-refusal')).toContainText('1 active member', { timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    await expect(page.getByTestId('drain-refusal')).toContainText(`group ${group} has 1 active member`);
    await expect(wizard.continueButton).toBeDisabled();
    await expect(page.getByTestId('plan-members')).toHaveAttribute('data-value', '1');
    await expect(page.getByTestId('drain-force-why')).toContainText('active member', { timeout: 30_000 });

    await page.getByTestId('drain-force').check();
    await expect(wizard.plan).toHaveCount(0);
    await wizard.planButton.click();
    await expect(wizard.plan).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('drain-refusal')).toHaveCount(0);
    await expect(page.getByTestId('drain-warnings')).toContainText('active member');
    await wizard.continueButton.click();
    await expect(page.getByTestId('drain-confirm-forced')).toBeVisible();
  } finally {
    release();
    await member.disconnect().catch(() => undefined);
    await deleteTopic(E2E.embedded.bootstrap, topic);
  }
});

test('a viewer follows a drain but gets no controls, and the API refuses them', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const topic = uniqueName('e2e.drain-viewer');
  const group = uniqueName('e2e drain viewer');
  await createBacklog(E2E.embedded.bootstrap, topic, group, 20, 5);
  let jobId: string | null = null;
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const started = await request.post('/api/drain', {
      data: { cluster: E2E.embedded.name, topic, group, factor: 2 },
      headers: await csrf(request),
    });
    expect(started.status()).toBe(200);
    jobId = ((await started.json()) as { job: { id: string } }).job.id;

    const name = uniqueName('viewer');
    const password = `${name}-password`;
    const created = await request.post('/api/users', {
      data: { name, role: 'viewer', password },
      headers: await csrf(request),
    });
    expect(created.status()).toBe(200);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByTestId('login-name').fill(name);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('user-role')).toHaveText('(viewer)');

    await page.goto(`/jobs/${jobId}`);
    await expect(page.getByTestId('drain-live')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('job-controls-viewer')).toBeVisible();
    for (const id of ['job-pause', 'job-resume', 'job-restore', 'job-cancel', 'job-rate-input']) {
      await expect(page.getByTestId(id)).toHaveCount(0);
    }
    const q = new URLSearchParams({ cluster: E2E.embedded.name, group });
    await page.goto(`/jobs/drain?${q.toString()}`);
    await expect(page.getByTestId('drain-viewer')).toBeVisible();
    await expect(page.getByTestId('drain-plan-button')).toHaveCount(0);
    const refused = await page.request.post(`/api/jobs/${jobId}/pause`, {
      data: {},
      headers: await csrf(context),
    });
    expect(refused.status()).toBe(403);
  } finally {
    if (jobId) {
      await request
        .post(`/api/jobs/${jobId}/cancel`, { data: {}, headers: await csrf(request) })
        .catch(() => undefined);
      await expect
        .poll(
          async () =>
            ((await (await request.get(`/api/jobs/${jobId}`)).json()) as { job: { state: string } }).job
              .state,
          {
            timeout: 30_000,
          },
        )
        .toBe('cancelled');
      await deleteTopic(E2E.embedded.bootstrap, `${topic}.drain.${jobId}`);
    }
    await context.close();
    await deleteTopic(E2E.embedded.bootstrap, topic);
  }
});

test('drain a RabbitMQ queue from its page by a header key, then restore', async ({ page }) => {
  test.setTimeout(240_000);
  const queue = uniqueName('e2e.drain-q');
  await fillKeyedQueue(queue, Q_N);
  let temps: string[] = [];
  try {
    await signedIn(page);
    const queuePage = new QueuePage(page);
    await queuePage.goto(E2E.rabbit.name, '/', queue);
    await page.getByTestId('recovery').getByTestId('recovery-drain').click();
    await expect(page).toHaveURL(/\/jobs\/drain\?/, { timeout: 30_000 });
    const wizard = new DrainWizardPage(page);

    // The header key needs its name: the form says so before asking the server.
    await wizard.factor.fill(String(FACTOR));
    await wizard.planButton.click();
    await expect(page.getByTestId('drain-error-key')).toBeVisible();
    await page.getByTestId('drain-header').fill('orderId');
    await wizard.planButton.click();
    await expect(wizard.plan).toHaveAttribute('data-kind', 'rabbitmq', { timeout: 30_000 });
    await expect(page.getByTestId('plan-temp-queues').locator('li')).toHaveCount(FACTOR);
    await wizard.continueButton.click();
    await expect(wizard.confirm).toContainText(`declare ${FACTOR} durable temp queues`);
    await wizard.start.click();

    await expect(wizard.live).toBeVisible({ timeout: 30_000 });
    const jobId = (await wizard.jobId.textContent())?.trim() ?? '';
    expect(jobId).toMatch(/^j-/);
    temps = Array.from({ length: FACTOR }, (_, i) => `${queue}.drain.${jobId}.${i}`);
    await expect(page.getByTestId('drain-temp-queues')).toContainText(temps[0] ?? '');
    await expect.poll(() => wizard.value('job-done'), { timeout: 60_000 }).toBe(Q_N);

    const byKey = await consumeTempQueues(temps, Q_N);
    expect(byKey.size).toBe(KEYS);
    for (const seqs of byKey.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    await page.getByTestId('job-restore').click();
    await expect(page.getByTestId('job-restore-confirm')).toContainText('temp queues are deleted');
    await page.getByTestId('job-restore-yes').click();
    await expect(page.getByTestId('drain-finished')).toHaveAttribute('data-state', 'completed', {
      timeout: 60_000,
    });
    await page.screenshot({ path: test.info().outputPath('drain-rabbitmq-restored.png'), fullPage: true });

    await page.goto('/jobs');
    await page.getByTestId('jobs-filter-kind').selectOption('drain-rabbitmq');
    await expect(page.getByTestId(`job-state-${jobId}`)).toHaveAttribute('data-state', 'completed', {
      timeout: 15_000,
    });
  } finally {
    await deleteQueues([queue, ...temps]);
  }
});
