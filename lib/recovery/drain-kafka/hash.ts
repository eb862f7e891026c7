// Which temp partition a record goes to. Keyed records: Kafka's default partitioner hash (murmur2 of the
// key bytes, sign bit cleared) modulo the temp partition count — stable across processes and restarts, so
// the same key always lands in the same temp partition. Key-less records: round-robin.

/** Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), seed 0x9747b28c. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const m = 0x5bd1e995;
  const r = 24;
  let h = (0x9747b28c ^ length) | 0;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k =
      (data[i4] as number) |
      ((data[i4 + 1] as number) << 8) |
      ((data[i4 + 2] as number) << 16) |
      ((data[i4 + 3] as number) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const rest = length & 3;
  const base = length & ~3;
  if (rest === 3) h ^= (data[base + 2] as number) << 16;
  if (rest >= 2) h ^= (data[base + 1] as number) << 8;
  if (rest >= 1) {
    h ^= data[base] as number;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** The temp partition of a key (Kafka's `toPositive(murmur2(key)) % n`). */
export function partitionForKey(key: Uint8Array, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

/** Picks temp partitions: by key hash, round-robin for key-less records. */
export class TempPartitioner {
  private next = 0;
  constructor(readonly partitions: number) {}

  pick(key: Uint8Array | null): number {
    if (key !== null) return partitionForKey(key, this.partitions);
    const p = this.next;
    this.next = (this.next + 1) % this.partitions;
    return p;
  }
}
