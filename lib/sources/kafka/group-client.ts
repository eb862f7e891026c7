// Consumer-group requests on the source's own kafkajs Cluster (internal.ts) rather than the admin: the
// admin refreshes the whole cluster's metadata before ListGroups and whenever it lacks a broker, and that
// strict refresh fails while any partition is offline. Here ListGroups goes to every broker of the last
// metadata answer, DescribeGroups is batched per coordinator, OffsetFetch is one request per group, and
// coordinators are remembered between rounds (FindCoordinator again only when one moved).
import { z } from 'zod';
import { settleLimit } from '../async';
import type { ClusterClient, RawMetadata } from './internal';

const listGroupsAnswer = z.object({
  groups: z.array(z.object({ groupId: z.string(), protocolType: z.string().nullish() })),
});

const memberSchema = z.object({
  memberId: z.string(),
  clientId: z.string(),
  clientHost: z.string(),
  memberMetadata: z.instanceof(Buffer),
  memberAssignment: z.instanceof(Buffer),
});

const describeGroupsAnswer = z.object({
  groups: z.array(
    z.object({
      groupId: z.string(),
      state: z.string(),
      protocolType: z.string().nullish(),
      protocol: z.string().nullish(),
      members: z.array(memberSchema),
    }),
  ),
});

export type RawGroup = z.output<typeof describeGroupsAnswer>['groups'][number];
export type RawMember = z.output<typeof memberSchema>;

const offsetFetchAnswer = z.object({
  responses: z.array(
    z.object({
      topic: z.string(),
      partitions: z.array(
        z.object({
          partition: z.number(),
          offset: z.union([z.string(), z.number()]),
          metadata: z.string().nullish(),
        }),
      ),
    }),
  ),
});

export interface RawCommit {
  topic: string;
  partition: number;
  offset: number;
  metadata: string | null;
}

/** Kafka error codes meaning "ask FindCoordinator again": load in progress, not available, not coordinator. */
const COORDINATOR_MOVED = new Set([14, 15, 16]);

function coordinatorMoved(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown } | null;
  return (
    (typeof e?.code === 'number' && COORDINATOR_MOVED.has(e.code)) || e?.name === 'KafkaJSBrokerNotFound'
  );
}

export class GroupClient {
  private readonly coordinators = new Map<string, number>();

  constructor(private readonly client: ClusterClient) {}

  /** Forget cached coordinators (after a reconnect). */
  reset(): void {
    this.coordinators.clear();
  }

  private async coordinator(groupId: string): Promise<number> {
    const known = this.coordinators.get(groupId);
    if (known !== undefined) return known;
    const nodeId = await this.client.coordinatorOf(groupId);
    this.coordinators.set(groupId, nodeId);
    return nodeId;
  }

  /** Runs `fn` on the group's coordinator; once more after a fresh FindCoordinator if the coordinator moved. */
  private async onCoordinator<T>(groupId: string, fn: (nodeId: number) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.coordinator(groupId));
    } catch (error) {
      if (!coordinatorMoved(error)) throw error;
      this.coordinators.delete(groupId);
      return fn(await this.coordinator(groupId));
    }
  }

  /** Every group of every broker in `metadata`, each once. */
  async list(metadata: RawMetadata): Promise<Array<{ groupId: string; protocolType: string }>> {
    const answers = await Promise.all(
      metadata.brokers.map(async (b) =>
        listGroupsAnswer.parse(await (await this.client.broker(b.nodeId)).listGroups()),
      ),
    );
    const out = new Map<string, { groupId: string; protocolType: string }>();
    for (const a of answers) {
      for (const g of a.groups)
        out.set(g.groupId, { groupId: g.groupId, protocolType: g.protocolType ?? '' });
    }
    return [...out.values()];
  }

  /** DescribeGroups for groups sharing one coordinator (kafkajs rejects the answer if any group has an error). */
  describeOn(nodeId: number, groupIds: string[]): Promise<RawGroup[]> {
    return this.client
      .broker(nodeId)
      .then((b) => b.describeGroups({ groupIds }))
      .then((raw) => describeGroupsAnswer.parse(raw).groups);
  }

  /**
   * The coordinators of `groupIds` (FindCoordinator for the ones not cached, `concurrency` at a time),
   * grouped; groups whose coordinator could not be found are returned with the error.
   */
  async byCoordinator(
    groupIds: readonly string[],
    concurrency: number,
  ): Promise<{ byNode: Map<number, string[]>; failed: Array<[groupId: string, error: unknown]> }> {
    const found = await settleLimit(groupIds, concurrency, (g) => this.coordinator(g));
    const byNode = new Map<number, string[]>();
    const failed: Array<[string, unknown]> = [];
    found.forEach((r, i) => {
      const groupId = groupIds[i] as string;
      if (!r.ok) failed.push([groupId, r.error]);
      else byNode.set(r.value, [...(byNode.get(r.value) ?? []), groupId]);
    });
    return { byNode, failed };
  }

  /** One group, on its coordinator (re-found if it moved). */
  describeOne(groupId: string): Promise<RawGroup | undefined> {
    return this.onCoordinator(groupId, async (nodeId) =>
      (await this.describeOn(nodeId, [groupId])).find((g) => g.groupId === groupId),
    );
  }

  /** The group's committed offsets (OffsetFetch for all its topics); Kafka's -1 "no commit" left out. */
  committed(groupId: string): Promise<RawCommit[]> {
    return this.onCoordinator(groupId, async (nodeId) => {
      const raw = await (await this.client.broker(nodeId)).offsetFetch({ groupId, topics: [] });
      const out: RawCommit[] = [];
      for (const t of offsetFetchAnswer.parse(raw).responses) {
        for (const p of t.partitions) {
          const offset = Number(p.offset);
          if (Number.isSafeInteger(offset) && offset >= 0) {
            out.push({ topic: t.topic, partition: p.partition, offset, metadata: p.metadata ?? null });
          }
        }
      }
      return out;
    });
  }
}
