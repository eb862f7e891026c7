import type { StoreRecord } from './records';
import type { CommittedOffset } from './types';

/** Group metadata kept across restarts (a restarted group is Empty; members are not persisted). */
export interface StoredGroup {
  readonly protocolType: string | null;
  readonly generationId: number;
  readonly protocolName: string | null;
  readonly leader: string | null;
  readonly emptySince: number | null;
}

type TopicOffsets = Map<number, CommittedOffset>;

/** The in-memory image of the store: what the records applied so far describe. */
export class StateTable {
  private readonly offsets = new Map<string, Map<string, TopicOffsets>>();
  private readonly groups = new Map<string, StoredGroup>();

  apply(r: StoreRecord): void {
    switch (r.type) {
      case 'offset': {
        const byTopic = this.offsets.get(r.group) ?? new Map<string, TopicOffsets>();
        this.offsets.set(r.group, byTopic);
        const partitions = byTopic.get(r.topic) ?? new Map<number, CommittedOffset>();
        byTopic.set(r.topic, partitions);
        const { offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp } = r;
        partitions.set(r.partition, {
          topic: r.topic,
          partition: r.partition,
          offset,
          leaderEpoch,
          metadata,
          commitTimestamp,
          expireTimestamp,
        });
        return;
      }
      case 'offset-delete': {
        const byTopic = this.offsets.get(r.group);
        const partitions = byTopic?.get(r.topic);
        if (!byTopic || !partitions) return;
        partitions.delete(r.partition);
        if (partitions.size === 0) byTopic.delete(r.topic);
        if (byTopic.size === 0) this.offsets.delete(r.group);
        return;
      }
      case 'group': {
        const { protocolType, generationId, protocolName, leader, emptySince } = r;
        this.groups.set(r.group, { protocolType, generationId, protocolName, leader, emptySince });
        return;
      }
      case 'group-delete':
        this.groups.delete(r.group);
        this.offsets.delete(r.group);
        return;
      case 'topic-delete':
        for (const [group, byTopic] of this.offsets) {
          byTopic.delete(r.topic);
          if (byTopic.size === 0) this.offsets.delete(group);
        }
        return;
    }
  }

  /** Every group with stored metadata or offsets. */
  groupIds(): string[] {
    return [...new Set([...this.groups.keys(), ...this.offsets.keys()])];
  }

  group(groupId: string): StoredGroup | undefined {
    return this.groups.get(groupId);
  }

  offset(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(groupId)?.get(topic)?.get(partition);
  }

  /** The group's offsets by topic, topics and partitions in commit order. */
  offsetsOf(groupId: string): CommittedOffset[] {
    const byTopic = this.offsets.get(groupId);
    if (!byTopic) return [];
    return [...byTopic.values()].flatMap((partitions) => [...partitions.values()]);
  }

  hasOffsets(groupId: string): boolean {
    return this.offsets.has(groupId);
  }

  /** Groups holding offsets of the topic. */
  groupsWithTopic(topic: string): string[] {
    return [...this.offsets].filter(([, byTopic]) => byTopic.has(topic)).map(([group]) => group);
  }

  /** The whole state as records: replaying them into an empty table reproduces this one. */
  snapshot(): StoreRecord[] {
    const records: StoreRecord[] = [];
    for (const [group, g] of this.groups) records.push({ type: 'group', group, ...g });
    for (const [group, byTopic] of this.offsets) {
      for (const partitions of byTopic.values()) {
        for (const o of partitions.values()) records.push({ type: 'offset', group, ...o });
      }
    }
    return records;
  }
}
