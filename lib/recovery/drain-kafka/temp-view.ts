// The workers' side of a drain: members of `<group>.drain.<job>` and their lag on the temp topic.
import type { Admin } from 'kafkajs';

export interface TempGroupView {
  /** Members of the temp group now. */
  workers: number;
  /** Σ (high watermark − committed) over the temp partitions; null when the temp topic is gone. */
  tempLag: number | null;
  /** Messages in the temp topic (Σ high watermark − log start). */
  tempMessages: number | null;
}

export async function tempGroupView(
  admin: Admin,
  tempTopic: string,
  tempGroup: string,
): Promise<TempGroupView> {
  const described = await admin.describeGroups([tempGroup]);
  const workers = described.groups[0]?.members.length ?? 0;
  const topics = await admin.listTopics();
  if (!topics.includes(tempTopic)) return { workers, tempLag: null, tempMessages: null };
  const [ends, commits] = await Promise.all([
    admin.fetchTopicOffsets(tempTopic),
    admin.fetchOffsets({ groupId: tempGroup, topics: [tempTopic] }),
  ]);
  const committed = new Map<number, number>();
  for (const t of commits) for (const p of t.partitions) committed.set(p.partition, Number(p.offset));
  let tempLag = 0;
  let tempMessages = 0;
  for (const e of ends) {
    const high = Number(e.high);
    const low = Number(e.low);
    const c = committed.get(e.partition) ?? -1;
    tempLag += Math.max(0, high - (c >= 0 ? Math.max(c, low) : low));
    tempMessages += Math.max(0, high - low);
  }
  return { workers, tempLag, tempMessages };
}
