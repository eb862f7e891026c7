// The Kafka drain's test workload: keyed messages with per-key sequence numbers, a group behind them, test
// workers on the temp topic (a handler that takes ~1 ms per message), and the checks of the issue.
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { FAST_CONSUMER } from './kafkajs';
import { eventually } from './services';

export interface Seq {
  /** Next sequence number per key. */
  next: Map<string, number>;
  produced: number;
}

export const newSeq = (): Seq => ({ next: new Map(), produced: 0 });

/** Produces `count` messages over `keys` keys (`k<n>`), value `{"k","seq","phase"}`; default partitioner. */
export async function produceKeyed(
  kafka: Kafka,
  topic: string,
  count: number,
  keys: number,
  seq: Seq,
  phase: string,
) {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  try {
    const batch = 2000;
    for (let i = 0; i < count; i += batch) {
      const messages = [];
      for (let j = i; j < Math.min(count, i + batch); j++) {
        const k = `k${(seq.produced + j) % keys}`;
        const s = seq.next.get(k) ?? 0;
        seq.next.set(k, s + 1);
        messages.push({ key: k, value: JSON.stringify({ k, seq: s, phase }), headers: { 'x-test': 'kept' } });
      }
      await producer.send({ topic, acks: -1, messages });
    }
    seq.produced += count;
  } finally {
    await producer.disconnect();
  }
}

export interface Seen {
  key: string;
  seq: number;
  phase: string;
  partition: number;
  offset: number;
  srcPartition: number | null;
  srcOffset: number | null;
  header: string | null;
  /** performance.now() when the handler finished with it. */
  at: number;
}

export interface Workers {
  seen: Seen[];
  consumers: Consumer[];
  stop(): Promise<void>;
}

const text = (v: unknown) =>
  v === undefined || v === null ? null : Buffer.isBuffer(v) ? v.toString() : String(v);

/**
 * `n` consumers in group `groupId` on `topic`, each handling a message in ~`handlerMs` (a timer per
 * message), committing after every batch. Resolves once all of them are in the group.
 */
export async function startWorkers(
  kafka: Kafka,
  topic: string,
  groupId: string,
  n: number,
  handlerMs: number,
): Promise<Workers> {
  const seen: Seen[] = [];
  const consumers: Consumer[] = [];
  for (let i = 0; i < n; i++) {
    // A batch can hold thousands of records at ~1 ms each: heartbeat inside it, and allow a slow machine
    // 30 s before a member counts as gone (a rebalance storm would stall every worker).
    const c = kafka.consumer({
      ...FAST_CONSUMER,
      groupId,
      maxWaitTimeInMs: 200,
      sessionTimeout: 30_000,
      rebalanceTimeout: 60_000,
    });
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({
        batch,
        resolveOffset,
        heartbeat,
        commitOffsetsIfNecessary,
        isRunning,
        isStale,
      }) => {
        let handled = 0;
        for (const m of batch.messages) {
          if (!isRunning() || isStale()) break;
          if (handlerMs > 0) await new Promise((r) => setTimeout(r, handlerMs));
          const v = JSON.parse(m.value?.toString() ?? '{}') as { k: string; seq: number; phase: string };
          const sp = text(m.headers?.['spillway-source-partition']);
          const so = text(m.headers?.['spillway-source-offset']);
          seen.push({
            key: v.k,
            seq: v.seq,
            phase: v.phase,
            partition: batch.partition,
            offset: Number(m.offset),
            srcPartition: sp === null ? null : Number(sp),
            srcOffset: so === null ? null : Number(so),
            header: text(m.headers?.['x-test']),
            at: performance.now(),
          });
          resolveOffset(m.offset);
          if (++handled % 50 === 0) await heartbeat();
        }
        await commitOffsetsIfNecessary();
        await heartbeat();
      },
    });
    consumers.push(c);
  }
  return {
    seen,
    consumers,
    stop: async () => {
      await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    },
  };
}

/** Waits until the group has `n` members and is Stable. */
export async function waitForMembers(admin: Admin, groupId: string, n: number, timeoutMs = 120_000) {
  await eventually(
    async () => {
      const g = (await admin.describeGroups([groupId])).groups[0];
      if (g?.state !== 'Stable' || g.members.length !== n) {
        throw new Error(`group ${groupId}: ${g?.state} with ${g?.members.length} members`);
      }
      return true;
    },
    { timeoutMs, intervalMs: 500 },
  );
}

/** Polls until `check` stops throwing (assertions inside), like `eventually` for void checks. */
export function settle(check: () => unknown, opts: { timeoutMs?: number; intervalMs?: number } = {}) {
  return eventually(async () => {
    await check();
    return true;
  }, opts);
}

export interface DrainCheck {
  /** Source offsets [start, cutover) per partition that no worker saw. */
  missing: number;
  /** Source (partition, offset) pairs copied into the temp topic more than once. */
  copiedTwice: { partition: number; offset: number }[];
  /** Temp records delivered to workers more than once (consumer-group redelivery, not the drain). */
  redelivered: number;
  /** Keys whose sequence went backwards (after removing redeliveries). */
  orderViolations: string[];
}

/** Checks what the workers saw against the source range [start, cutover) of every partition. */
export function checkDrain(
  seen: Seen[],
  start: Record<string, number>,
  cutover: Record<string, number>,
): DrainCheck {
  const byTemp = new Map<string, Seen>();
  let redelivered = 0;
  for (const s of seen) {
    const id = `${s.partition}/${s.offset}`;
    if (byTemp.has(id)) redelivered += 1;
    else byTemp.set(id, s);
  }
  const unique = [...byTemp.values()];
  const copies = new Map<string, number>();
  for (const s of unique) {
    const id = `${s.srcPartition}/${s.srcOffset}`;
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  let missing = 0;
  for (const [p, from] of Object.entries(start)) {
    const to = cutover[p] ?? from;
    for (let o = from; o < to; o++) if (!copies.has(`${p}/${o}`)) missing += 1;
  }
  const copiedTwice = [...copies.entries()]
    .filter(([, n]) => n > 1)
    .map(([id]) => {
      const [partition, offset] = id.split('/').map(Number) as [number, number];
      return { partition, offset };
    });
  // Per key, in temp order (one temp partition per key): sequence must never go back; an equal value is a
  // copy made twice by a restart (counted in copiedTwice), a smaller one an order violation.
  const orderViolations: string[] = [];
  const byKey = new Map<string, Seen[]>();
  for (const s of unique) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
  for (const [key, list] of byKey) {
    const parts = new Set(list.map((s) => s.partition));
    if (parts.size !== 1) orderViolations.push(`${key}: in ${parts.size} temp partitions`);
    list.sort((a, b) => a.offset - b.offset);
    let max = -1;
    const seenSeq = new Set<number>();
    for (const s of list) {
      if (s.seq < max && !seenSeq.has(s.seq)) {
        orderViolations.push(`${key}: seq ${s.seq} after ${max}`);
        break;
      }
      seenSeq.add(s.seq);
      max = Math.max(max, s.seq);
    }
  }
  return { missing, copiedTwice, redelivered, orderViolations };
}
