// The Kafka drain as a job kind (registered from lib/recovery/kinds.ts).
import type { JobRecord } from '../../store';
import { registerJobKind } from '../jobs/registry';
import type { JobEnv } from '../jobs/types';
import { kafkaFor } from './client';
import { dispatch } from './dispatch';
import { cancelDrain, restoreDrain } from './restore';
import { type TempGroupView, tempGroupView } from './temp-view';
import { DRAIN_KAFKA_KIND, drainKafkaCheckpoint, drainKafkaPlan } from './types';

/** Workers and temp lag of a drain job (reads the cluster). */
export async function kafkaDrainView(job: JobRecord, env: JobEnv): Promise<TempGroupView> {
  const plan = drainKafkaPlan.parse(job.plan);
  const admin = kafkaFor(env.cluster(plan.cluster), `spillway-drain-${job.id}`).admin();
  await admin.connect();
  try {
    return await tempGroupView(admin, plan.tempTopic, plan.tempGroup);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

registerJobKind({
  kind: DRAIN_KAFKA_KIND,
  planSchema: drainKafkaPlan,
  checkpointSchema: drainKafkaCheckpoint,
  run: dispatch,
  restore: restoreDrain,
  cancel: cancelDrain,
  view: async (job, env) => ({ ...(await kafkaDrainView(job, env)) }),
});
