// Consumer groups: list, describe (batched per coordinator), and the consumer protocol's member
// subscriptions and assignments decoded into topics and partitions.
import { AssignerProtocol } from 'kafkajs';
import { settleLimit } from '../async';
import type { Redactor } from '../errors';
import type {
  KafkaGroupMember,
  KafkaGroupOverview,
  KafkaGroupState,
  KafkaTopicPartitions,
  SourceIssue,
} from '../types';
import type { GroupClient, RawGroup, RawMember } from './group-client';
import type { RawMetadata } from './internal';

const STATES: Record<string, KafkaGroupState> = {
  Empty: 'Empty',
  Stable: 'Stable',
  PreparingRebalance: 'PreparingRebalance',
  CompletingRebalance: 'CompletingRebalance',
  // Kafka < 2.0 called CompletingRebalance "AwaitingSync".
  AwaitingSync: 'CompletingRebalance',
  Dead: 'Dead',
};

export function groupState(raw: string): KafkaGroupState {
  return STATES[raw] ?? 'Unknown';
}

/** A group without members, commits or state beyond Dead: what Kafka answers for an unknown group id. */
export interface DescribedGroup {
  groupId: string;
  state: KafkaGroupState;
  protocolType: string;
  protocol: string;
  members: KafkaGroupMember[];
}

function sortedAssignments(assignment: Record<string, number[]>): KafkaTopicPartitions[] {
  return Object.entries(assignment)
    .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

/** Decodes a member's consumer-protocol subscription and assignment; [] when empty or not decodable. */
export function decodeMember(m: RawMember, protocolType: string): KafkaGroupMember {
  let subscribedTopics: string[] = [];
  let assignments: KafkaTopicPartitions[] = [];
  if (protocolType === 'consumer') {
    try {
      const meta =
        m.memberMetadata.length > 0 ? AssignerProtocol.MemberMetadata.decode(m.memberMetadata) : null;
      subscribedTopics = meta ? [...meta.topics].sort() : [];
    } catch {
      subscribedTopics = [];
    }
    try {
      const a =
        m.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(m.memberAssignment) : null;
      assignments = a ? sortedAssignments(a.assignment) : [];
    } catch {
      assignments = [];
    }
  }
  return { memberId: m.memberId, clientId: m.clientId, host: m.clientHost, subscribedTopics, assignments };
}

export function toDescribed(g: RawGroup): DescribedGroup {
  const protocolType = g.protocolType ?? '';
  return {
    groupId: g.groupId,
    state: groupState(g.state),
    protocolType,
    protocol: g.protocol ?? '',
    members: g.members.map((m) => decodeMember(m, protocolType)),
  };
}

export async function listGroups(groups: GroupClient, metadata: RawMetadata): Promise<KafkaGroupOverview[]> {
  const all = await groups.list(metadata);
  return all.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

/**
 * Describes groups: one DescribeGroups per coordinator per chunk of `batch` groups. kafkajs rejects a whole
 * answer when one group carries an error, so a failed chunk is retried group by group (re-finding the
 * coordinator when it moved); groups that still fail become issues.
 */
export async function describeGroups(
  groups: GroupClient,
  groupIds: readonly string[],
  options: { batch: number; concurrency: number },
  redactor: Redactor,
  issues: SourceIssue[],
): Promise<Map<string, DescribedGroup>> {
  const out = new Map<string, DescribedGroup>();
  const fail = (id: string, error: unknown) =>
    issues.push({ scope: `group:${id}`, message: `describe: ${redactor.describe(error)}` });
  const { byNode, failed } = await groups.byCoordinator(groupIds, options.concurrency);
  for (const [id, error] of failed) fail(id, error);
  const chunks: Array<[number, string[]]> = [];
  for (const [nodeId, ids] of byNode) {
    for (let i = 0; i < ids.length; i += options.batch)
      chunks.push([nodeId, ids.slice(i, i + options.batch)]);
  }
  await Promise.all(
    chunks.map(async ([nodeId, chunk]) => {
      try {
        for (const g of await groups.describeOn(nodeId, chunk)) out.set(g.groupId, toDescribed(g));
      } catch {
        const results = await settleLimit(chunk, 16, (id) => groups.describeOne(id));
        results.forEach((r, i) => {
          const id = chunk[i] as string;
          if (!r.ok) fail(id, r.error);
          else if (r.value) out.set(id, toDescribed(r.value));
        });
      }
    }),
  );
  return out;
}

/** Topics a group is interested in: assigned or subscribed by any member. */
export function memberTopics(members: readonly KafkaGroupMember[]): Set<string> {
  const out = new Set<string>();
  for (const m of members) {
    for (const t of m.subscribedTopics) out.add(t);
    for (const a of m.assignments) out.add(a.topic);
  }
  return out;
}
