// The bridge to lib/lag: a group's commits joined with the partitions' log-start and end, as the
// PartitionOffsets the lag maths takes. Pure.
import type { PartitionOffsets } from '../lag/types';
import type { KafkaClusterSnapshot, KafkaCommittedOffset, KafkaOffsetsSample } from './types';

const key = (topic: string, partition: number): string => `${partition}\u0000${topic}`;

function ends(
  from: KafkaClusterSnapshot | KafkaOffsetsSample,
): Map<string, { logStart: number; end: number }> {
  const out = new Map<string, { logStart: number; end: number }>();
  const add = (topic: string, partition: number, logStart: number | null, end: number | null) => {
    if (logStart !== null && end !== null) out.set(key(topic, partition), { logStart, end });
  };
  if ('topics' in from) {
    for (const t of from.topics) for (const p of t.partitions) add(t.name, p.partition, p.logStart, p.end);
  } else {
    for (const p of from.partitions) add(p.topic, p.partition, p.logStart, p.end);
  }
  return out;
}

/**
 * The group's partitions as lib/lag input (`committed: null` = no commit). Partitions whose log-start or
 * end could not be read (offline, deleted topic) are left out.
 */
export function lagInputs(
  from: KafkaClusterSnapshot | KafkaOffsetsSample,
  group: { offsets: readonly KafkaCommittedOffset[] },
): PartitionOffsets[] {
  const known = ends(from);
  const out: PartitionOffsets[] = [];
  for (const o of group.offsets) {
    const e = known.get(key(o.topic, o.partition));
    if (e) out.push({ topic: o.topic, partition: o.partition, committed: o.committed, ...e });
  }
  return out;
}
