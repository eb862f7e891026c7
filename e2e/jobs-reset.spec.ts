/*
 * Scenario: a consumer group on the embedded broker has committed offsets 10 and 5 on a two-partition topic
 * and no members. From the group page's Recovery section the operator opens the offset reset, sees a wrong
 * offset refused on the spot, dry-runs a reset to earliest (15 messages read again, per partition), applies
 * it (the group is at 0 and 0), then undoes it from the stored snapshot (back to 10 and 5).
 */
import { expect, test } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { deleteTopic } from './helpers/kafka';
import { E2E, uniqueName } from './helpers/names';
import { signedIn } from './pages/drain';
import { GroupPage } from './pages/group';

test('reset a group to earliest from its page, then undo it', async ({ page }) => {
  test.setTimeout(180_000);
  const kafka = new Kafka({
    clientId: 'spillway-e2e',
    brokers: [E2E.embedded.bootstrap],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const topic = uniqueName('e2e.reset');
  const group = uniqueName('e2e reset group');
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 40 }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: 'v' })),
    });
    await producer.disconnect();
    await admin.setOffsets({
      groupId: group,
      topic,
      partitions: [
        { partition: 0, offset: '10' },
        { partition: 1, offset: '5' },
      ],
    });
    const offsets = async () => {
      const [t] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return (t?.partitions ?? []).sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
    };

    await signedIn(page);
    const groupPage = new GroupPage(page);
    await groupPage.goto(E2E.embedded.name, group);
    await groupPage.recovery.getByTestId('recovery-reset').click();
    await expect(page.getByTestId('offset-reset')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('reset-topic')).toHaveValue(topic, { timeout: 45_000 });

    await page.getByTestId('reset-mode-offset').check();
    await page.getByTestId('reset-value').fill('x');
    await page.getByTestId('reset-dry-run').click();
    await expect(page.getByTestId('reset-form-error')).toContainText('whole number');

    await page.getByTestId('reset-mode-earliest').check();
    await page.getByTestId('reset-dry-run').click();
    await expect(page.getByTestId('reset-partition-0')).toContainText('10', { timeout: 30_000 });
    await expect(page.getByTestId('reset-confirm')).toContainText('15 messages read again');
    expect(await offsets()).toEqual([10, 5]);
    await page.getByTestId('reset-apply').click();
    await expect(page.getByTestId('reset-done')).toBeVisible({ timeout: 30_000 });
    expect(await offsets()).toEqual([0, 0]);

    const snapshot = page.getByTestId('reset-snapshots').locator('li').first();
    await snapshot.getByRole('button', { name: 'Undo…' }).click();
    await expect(snapshot.getByText('partition 0: 0 → 10')).toBeVisible({ timeout: 30_000 });
    await snapshot.getByRole('button', { name: 'Undo the reset' }).click();
    await expect(snapshot.getByText('Offsets restored.')).toBeVisible({ timeout: 30_000 });
    expect(await offsets()).toEqual([10, 5]);
    await page.screenshot({ path: test.info().outputPath('offset-reset.png'), fullPage: true });
  } finally {
    await admin.disconnect();
    await deleteTopic(E2E.embedded.bootstrap, topic);
  }
});
