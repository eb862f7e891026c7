// Planning and starting a RabbitMQ replay: what would be replayed (count, destinations, a sample), refusing
// when a destination exchange does not exist (nothing is published then).
import type { Actor } from '../../../auth/actor';
import type { RabbitmqClusterConfig } from '../../../config';
import type { ArchiveSummary, JobRecord, JobRunnerKind, Store } from '../../../store';
import { ReplayError } from '../errors';
import { createReplayJob } from '../jobs';
import { Rabbit } from './mgmt';
import { planQuery, RABBIT_REPLAY, type RabbitReplayPlan } from './replay-kind';

export interface RabbitReplayInput {
  cluster: RabbitmqClusterConfig;
  vhost: string;
  queue: string;
  since: number | null;
  until: number | null;
  reason: string | null;
  again: boolean;
  rate: number | null;
}

export interface RabbitReplayPreview {
  cluster: string;
  vhost: string;
  queue: string;
  count: number;
  destinations: Array<{ exchange: string; routingKeys: string[]; count: number; exists: boolean }>;
  missingExchanges: string[];
  sample: ArchiveSummary[];
}

export async function previewRabbitReplay(store: Store, i: RabbitReplayInput): Promise<RabbitReplayPreview> {
  const q = planQuery({ ...i, cluster: i.cluster.name });
  const r = new Rabbit(i.cluster);
  const dests = store.archive.destinations(q);
  const exists = new Map<string, boolean>();
  for (const d of dests) {
    if (exists.has(d.exchange)) continue;
    exists.set(
      d.exchange,
      d.exchange === '' || (await r.get(['exchanges', i.vhost, d.exchange], true)) !== undefined,
    );
  }
  return {
    cluster: i.cluster.name,
    vhost: i.vhost,
    queue: i.queue,
    count: store.archive.count(q),
    destinations: dests.map((d) => ({ ...d, exists: exists.get(d.exchange) ?? false })),
    missingExchanges: [...exists].filter(([, ok]) => !ok).map(([e]) => e),
    sample: store.archive.list({ ...q, limit: 5 }),
  };
}

export async function createRabbitReplay(
  store: Store,
  i: RabbitReplayInput,
  actor: Actor,
  runner: JobRunnerKind,
  owner?: string,
): Promise<{ preview: RabbitReplayPreview; job: JobRecord | null }> {
  const preview = await previewRabbitReplay(store, i);
  if (preview.missingExchanges.length > 0) {
    throw new ReplayError(
      `exchange(s) ${preview.missingExchanges.map((e) => `"${e}"`).join(', ')} do not exist in vhost "${i.vhost}": nothing published`,
      'refused',
    );
  }
  if (preview.count === 0) return { preview, job: null };
  const createdAt = Date.now();
  const plan: RabbitReplayPlan = {
    cluster: i.cluster.name,
    vhost: i.vhost,
    queue: i.queue,
    since: i.since,
    until: i.until,
    reason: i.reason,
    again: i.again,
    maxId: store.archive.maxId(planQuery({ ...i, cluster: i.cluster.name })),
    createdAt,
    total: preview.count,
  };
  const job = createReplayJob(store, {
    kind: RABBIT_REPLAY.kind,
    sourceKey: `replay:rabbitmq:${i.cluster.name}/${i.vhost}/${i.queue}`,
    cluster: i.cluster.name,
    target: `${i.vhost}/${i.queue} (archive)`,
    plan,
    total: preview.count,
    rate: i.rate,
    actor,
    runner,
    ...(owner ? { owner } : {}),
  });
  return { preview, job };
}
