// The backlog bench/drain.ts drains and copies: keyed ~100-byte messages with per-key sequence numbers over
// `partitions` source partitions and `keys` distinct keys, produced by kafkajs or by the dispatcher's own
// writer, and how evenly those keys hash over the temp partitions.
import type { Kafka } from 'kafkajs';
import { DISPATCH } from '../lib/recovery/drain-kafka/dispatch';
import { partitionForKey } from '../lib/recovery/drain-kafka/hash';
import { WireClient } from '../lib/recovery/drain-kafka/wire/client';
import type { SourceRecord } from '../lib/recovery/drain-kafka/wire/source-batches';
import { ProvenanceHeaders } from '../lib/recovery/drain-kafka/wire/temp-batch';
import { TempWriter } from '../lib/recovery/drain-kafka/wire/writer';
import { newSeq } from '../test/helpers/drain';

export class Backlog {
  constructor(
    readonly keys: number,
    readonly partitions: number,
  ) {}

  /** The key of source partition p's j-th message. */
  keyOf(p: number, j: number): string {
    return `k${(p * 1_000_003 + j) % this.keys}`;
  }

  /**
   * How evenly n messages' keys spread over `tempPartitions` temp partitions: the fullest partition's share
   * over the mean. A drain with factor f finishes when its fullest partition does, so it can be at most
   * f / this faster than f = 1 with perfectly even source partitions.
   */
  hashSkew(n: number, tempPartitions: number): number {
    const counts = new Array<number>(tempPartitions).fill(0);
    for (let p = 0; p < this.partitions; p++) {
      const mine = Math.floor(n / this.partitions) + (p < n % this.partitions ? 1 : 0);
      for (let j = 0; j < mine; j++) {
        const t = partitionForKey(Buffer.from(this.keyOf(p, j)), tempPartitions);
        counts[t] = (counts[t] ?? 0) + 1;
      }
    }
    return Math.max(...counts) / (n / tempPartitions);
  }

  /**
   * Produces n keyed ~100-byte messages, one send of `chunk` in flight per source partition (the dispatcher's
   * shape). `spread`: keys hashed over the topic's partitions by the default partitioner (the temp topic's
   * shape) instead of each sender writing its own partition.
   */
  async produce(kafka: Kafka, topic: string, n: number, spread = false, chunk = 2000): Promise<number> {
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const seq = newSeq();
    const pad = 'x'.repeat(64);
    const t0 = performance.now();
    let sent = 0;
    await Promise.all(
      Array.from({ length: this.partitions }, async (_, p) => {
        const mine = Math.floor(n / this.partitions) + (p < n % this.partitions ? 1 : 0);
        for (let i = 0; i < mine; i += chunk) {
          const messages = [];
          for (let j = i; j < Math.min(mine, i + chunk); j++) {
            const k = this.keyOf(p, j);
            const s = seq.next.get(k) ?? 0;
            seq.next.set(k, s + 1);
            const value = JSON.stringify({ k, seq: s, phase: 'backlog', pad });
            messages.push(spread ? { key: k, value } : { key: k, value, partition: p });
          }
          await producer.send({ topic, acks: -1, messages });
          sent += messages.length;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await producer.disconnect();
    if (sent !== n) throw new Error(`produced ${sent} of ${n}`);
    return n / seconds;
  }

  /**
   * The same messages and shape as produce(spread), written by the dispatcher's own writer (one writer and
   * connection per source partition, one chunk in flight each): what the dispatcher could copy at most if
   * reading the source cost nothing. Each record also carries the one header the writer always appends.
   */
  async produceWire(kafka: Kafka, topic: string, n: number, chunk: number): Promise<number> {
    const clients = Array.from({ length: this.partitions }, () => new WireClient(kafka));
    await Promise.all(clients.map((c) => c.connect()));
    const options = {
      timeoutMs: 30_000,
      retries: 8,
      maxBatchBytes: DISPATCH.maxBatchBytes,
      signal: new AbortController().signal,
    };
    const provenance = new ProvenanceHeaders([], 'spillway-source-offset');
    const writers = clients.map((c) => new TempWriter(c, topic, () => provenance, options));
    await Promise.all(writers.map((w) => w.init()));
    const seq = newSeq();
    const pad = 'x'.repeat(64);
    const empty = Buffer.alloc(0);
    const t0 = performance.now();
    let sent = 0;
    await Promise.all(
      writers.map(async (writer, p) => {
        const mine = Math.floor(n / this.partitions) + (p < n % this.partitions ? 1 : 0);
        for (let i = 0; i < mine; i += chunk) {
          const groups = new Map<number, SourceRecord[]>();
          for (let j = i; j < Math.min(mine, i + chunk); j++) {
            const k = this.keyOf(p, j);
            const s = seq.next.get(k) ?? 0;
            seq.next.set(k, s + 1);
            const key = Buffer.from(k);
            const value = Buffer.from(JSON.stringify({ k, seq: s, phase: 'backlog', pad }));
            const r: SourceRecord = {
              offset: j,
              timestamp: Date.now(),
              key,
              value,
              headerCount: 0,
              headers: empty,
            };
            const tp = partitionForKey(key, this.partitions * 10);
            const list = groups.get(tp);
            if (list) list.push(r);
            else groups.set(tp, [r]);
            sent += 1;
          }
          await writer.write(p, groups);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(clients.map((c) => c.disconnect()));
    if (sent !== n) throw new Error(`produced ${sent} of ${n}`);
    return n / seconds;
  }
}
