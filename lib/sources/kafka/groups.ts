// Consumer groups: list, describe (batched per coordinator by kafkajs), and the consumer protocol's
// member subscriptions and assignments decoded into topics and partitions.
import type { Admin, GroupDescription, MemberDescription } from 'kafkajs';
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
export function decodeMember(m: MemberDescription, protocolType: string): KafkaGroupMember {
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

function toDescribed(g: GroupDescription): DescribedGroup {
  return {
    groupId: g.groupId,
    state: groupState(g.state),
    protocolType: g.protocolType ?? '',
    protocol: g.protocol ?? '',
    members: g.members.map((m) => decodeMember(m, g.protocolType)),
  };
}

export async function listGroups(admin: Admin): Promise<KafkaGroupOverview[]> {
  const { groups } = await admin.listGroups();
  const seen = new Map<string, KafkaGroupOverview>();
  for (const g of groups) seen.set(g.groupId, { groupId: g.groupId, protocolType: g.protocolType ?? '' });
  return [...seen.values()].sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

/**
 * Describes groups in chunks of `batch` (kafkajs sends one DescribeGroups per coordinator per chunk). kafkajs
 * rejects a whole answer when one group carries an error, so a failed chunk is retried group by group.
 */
export async function describeGroups(
  admin: Admin,
  groupIds: readonly string[],
  batch: number,
  redactor: Redactor,
  issues: SourceIssue[],
): Promise<Map<string, DescribedGroup>> {
  const out = new Map<string, DescribedGroup>();
  const chunks: string[][] = [];
  for (let i = 0; i < groupIds.length; i += batch) chunks.push(groupIds.slice(i, i + batch));
  await Promise.all(
    chunks.map(async (chunk) => {
      try {
        const { groups } = await admin.describeGroups(chunk);
        for (const g of groups) out.set(g.groupId, toDescribed(g));
      } catch {
        const results = await settleLimit(chunk, 16, (id) => admin.describeGroups([id]));
        results.forEach((r, i) => {
          const id = chunk[i] as string;
          if (r.ok) for (const g of r.value.groups) out.set(g.groupId, toDescribed(g));
          else issues.push({ scope: `group:${id}`, message: `describe: ${redactor.describe(r.error)}` });
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
