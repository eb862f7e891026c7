// Restore: the dispatcher has stopped; its checkpoint is the cut-over (every source offset below it is in
// the temp topic). Wait until the workers' group has consumed the temp topic (lag 0), move the original
// group to the cut-over offsets, delete the temp topic and the dispatcher's private groups. Each step is
// recorded in the checkpoint, so a restore interrupted anywhere resumes at the right step.
import type { Admin } from 'kafkajs';
import type { JobContext } from '../jobs/types';
import { sleep } from '../sleep';
import { kafkaFor } from './client';
import { tempGroupView } from './temp-view';
import type { DrainKafkaCheckpoint, DrainKafkaPlan } from './types';

export const RESTORE = { pollMs: 1000 } as const;

type Ctx = JobContext<DrainKafkaPlan, DrainKafkaCheckpoint>;

async function deleteGroups(admin: Admin, prefix: string): Promise<void> {
  const { groups } = await admin.listGroups();
  const ids = groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
  if (ids.length > 0) await admin.deleteGroups(ids).catch(() => undefined);
}

export async function restoreDrain(ctx: Ctx): Promise<'completed' | 'stopped'> {
  const { plan, signal } = ctx;
  const admin = kafkaFor(ctx.env.cluster(plan.cluster), `spillway-drain-${ctx.job.id}`).admin();
  await admin.connect();
  try {
    let cp = ctx.checkpoint();
    if (!cp.cutover) {
      cp = { ...cp, cutover: { ...cp.next }, restoreStep: 'wait-lag' };
      ctx.commit(cp, 0);
      ctx.audit('cutover', { cutover: cp.cutover }, 'ok');
      ctx.log.info('dispatcher stopped at the cut-over', { offsets: JSON.stringify(cp.cutover) });
    }
    const cutover = cp.cutover ?? {};
    if (cp.restoreStep === 'wait-lag') {
      for (;;) {
        if (signal.aborted) return 'stopped';
        const view = await tempGroupView(admin, plan.tempTopic, plan.tempGroup);
        if (view.tempLag === 0 || view.tempLag === null) break;
        await sleep(RESTORE.pollMs, signal);
      }
      await admin.setOffsets({
        groupId: plan.group,
        topic: plan.topic,
        partitions: Object.entries(cutover).map(([partition, offset]) => ({
          partition: Number(partition),
          offset: String(offset),
        })),
      });
      cp = { ...cp, restoreStep: 'offsets-set' };
      ctx.commit(cp, 0);
      ctx.audit('offsets-set', { group: plan.group, offsets: cutover }, 'ok');
    }
    if (cp.restoreStep === 'offsets-set') {
      // Workers still subscribed would re-create the deleted topic on brokers with auto.create.topics.enable;
      // the topic goes once they have left (the status shows workers > 0 meanwhile).
      let told = false;
      for (;;) {
        if (signal.aborted) return 'stopped';
        const view = await tempGroupView(admin, plan.tempTopic, plan.tempGroup);
        if (view.workers === 0) break;
        if (!told) {
          told = true;
          ctx.log.info('drained: stop the workers; the temp topic is deleted once they have left', {
            workers: view.workers,
          });
        }
        await sleep(RESTORE.pollMs, signal);
      }
      const topics = await admin.listTopics();
      if (topics.includes(plan.tempTopic)) await admin.deleteTopics({ topics: [plan.tempTopic] });
      await deleteGroups(admin, plan.dispatchGroup);
      cp = { ...cp, restoreStep: 'cleaned' };
      ctx.commit(cp, 0);
      ctx.audit('temp-deleted', { topic: plan.tempTopic }, 'ok');
    }
    return 'completed';
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Cancel: the dispatcher stopped; the source group keeps its offsets; the temp topic stays for inspection. */
export async function cancelDrain(ctx: Ctx): Promise<void> {
  const admin = kafkaFor(ctx.env.cluster(ctx.plan.cluster), `spillway-drain-${ctx.job.id}`).admin();
  await admin.connect();
  try {
    await deleteGroups(admin, ctx.plan.dispatchGroup);
  } catch (err) {
    ctx.log.warn('could not delete the dispatcher groups', { error: (err as Error).message });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  ctx.audit(
    'cancel-note',
    { tempTopic: ctx.plan.tempTopic },
    'ok',
    `the source group keeps its offsets; ${ctx.plan.tempTopic} was kept (delete it when done)`,
  );
}
