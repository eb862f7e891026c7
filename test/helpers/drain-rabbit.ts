// Helpers for the RabbitMQ drain tests: a keyed backlog published fast (publisher confirms, big batches),
// workers that check per-key order and count duplicates, and the management calls the tests need
// (queue names of a vhost, closing a connection by its client-given name).
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { connect } from 'amqplib';
import { type RabbitmqClusterConfig, rabbitmqCluster } from '../../lib/config';
import { eventually, managementFetch, managementJson, RABBITMQ_MANAGEMENT, RABBITMQ_URL } from './services';
import { amqpUrlForVhost } from './source-rabbitmq';

export function drainCluster(vhost: string): RabbitmqClusterConfig {
  return rabbitmqCluster.parse({
    name: 'rabbit-drain-test',
    kind: 'rabbitmq',
    amqpUrl: RABBITMQ_URL,
    managementUrl: RABBITMQ_MANAGEMENT.baseUrl,
    managementUser: RABBITMQ_MANAGEMENT.username,
    managementPassword: RABBITMQ_MANAGEMENT.password,
    vhosts: [vhost],
  });
}

export function vhostUrl(vhost: string): string {
  return amqpUrlForVhost(RABBITMQ_URL, vhost);
}

/** Message i of a backlog: key `k<i % keys>`, per-key sequence `floor(i / keys)`, id `<key>:<seq>`. */
export function backlogMessage(i: number, keys: number) {
  const key = `k${i % keys}`;
  const seq = Math.floor(i / keys);
  return { key, seq, id: `${key}:${seq}` };
}

/**
 * Publishes messages [from, to) to a durable queue (declared when `declare`), persistent, header
 * `orderId` = key and `seq`, message id `<key>:<seq>`; waits for every confirm (in batches of `batch`).
 */
export async function publishBacklog(
  vhost: string,
  queue: string,
  opts: { from?: number; to: number; keys: number; declare?: 'classic' | 'quorum'; batch?: number },
): Promise<void> {
  const model = await connect(vhostUrl(vhost));
  try {
    const ch = await model.createConfirmChannel();
    if (opts.declare) {
      await ch.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': opts.declare } });
    }
    const batch = opts.batch ?? 10_000;
    for (let i = opts.from ?? 0; i < opts.to; i++) {
      const m = backlogMessage(i, opts.keys);
      const ok = ch.sendToQueue(queue, Buffer.from(`payload ${m.id}`), {
        persistent: true,
        messageId: m.id,
        contentType: 'text/plain',
        timestamp: 1_700_000_000,
        headers: { orderId: m.key, seq: m.seq },
      });
      if (!ok) await new Promise<void>((r) => ch.once('drain', () => r()));
      if ((i + 1) % batch === 0) await ch.waitForConfirms();
    }
    await ch.waitForConfirms();
    await ch.close();
  } finally {
    await model.close().catch(() => undefined);
  }
}

export interface WorkerTally {
  /** Distinct message ids delivered. */
  seen: Set<string>;
  duplicates: number;
  /** Duplicates whose second copy lacks the dispatcher's `spillway-redelivered` mark (should be 0). */
  unmarkedDuplicates: number;
  /** Messages whose seq was not above the last first-seen seq of their key (order broken). */
  orderViolations: string[];
  lastSeq: Map<string, number>;
  /** Messages without the provenance headers. */
  missingProvenance: number;
  /** Key → temp queue index it was seen on (a key on two queues is a violation). */
  keyQueue: Map<string, number>;
  splitKeys: string[];
}

export function newTally(): WorkerTally {
  return {
    seen: new Set(),
    duplicates: 0,
    unmarkedDuplicates: 0,
    orderViolations: [],
    lastSeq: new Map(),
    missingProvenance: 0,
    keyQueue: new Map(),
    splitKeys: [],
  };
}

function record(t: WorkerTally, m: ConsumeMessage, queueIndex: number, jobId: string): void {
  const id = String(m.properties.messageId);
  const h = m.properties.headers ?? {};
  const key = String(h.orderId);
  const seq = Number(h.seq);
  if (h['spillway-drain-job'] !== jobId || typeof h['spillway-source-queue'] !== 'string') {
    t.missingProvenance++;
  }
  const q = t.keyQueue.get(key);
  if (q === undefined) t.keyQueue.set(key, queueIndex);
  else if (q !== queueIndex && t.splitKeys.length < 20) t.splitKeys.push(key);
  if (t.seen.has(id)) {
    t.duplicates++;
    if (h['spillway-redelivered'] !== true) t.unmarkedDuplicates++;
    return;
  }
  t.seen.add(id);
  const last = t.lastSeq.get(key) ?? -1;
  if (seq <= last && t.orderViolations.length < 20) t.orderViolations.push(`${id} after seq ${last}`);
  t.lastSeq.set(key, Math.max(last, seq));
}

export interface Workers {
  tally: WorkerTally;
  close(): Promise<void>;
}

/**
 * One consumer per temp queue (the operator's workers), each handling its messages one at a time with a
 * `handlerMs` pause (1 ms), acking after handling (one multiple-ack per 50); prefetch 100.
 */
export async function startWorkers(
  vhost: string,
  tempQueues: readonly string[],
  jobId: string,
  handlerMs = 1,
): Promise<Workers> {
  const tally = newTally();
  const model: ChannelModel = await connect(vhostUrl(vhost));
  const channels: Channel[] = [];
  let closed = false;
  for (const [index, name] of tempQueues.entries()) {
    const ch = await model.createChannel();
    channels.push(ch);
    await ch.prefetch(100);
    const inbox: ConsumeMessage[] = [];
    let busy = false;
    const work = async () => {
      if (busy) return;
      busy = true;
      let unacked = 0;
      while (inbox.length > 0 && !closed) {
        const m = inbox.shift() as ConsumeMessage;
        if (handlerMs > 0) await new Promise((r) => setTimeout(r, handlerMs));
        record(tally, m, index, jobId);
        // Handled in order on one channel: one ack (multiple) for every 50, and when the inbox runs dry.
        unacked++;
        if (unacked >= 50 || inbox.length === 0) {
          ch.ack(m, true);
          unacked = 0;
        }
      }
      busy = false;
    };
    await ch.consume(name, (m) => {
      if (!m) return;
      inbox.push(m);
      void work();
    });
  }
  return {
    tally,
    async close() {
      closed = true;
      await model.close().catch(() => undefined);
    },
  };
}

/** Names of the queues of a vhost (management API, no statistics needed). */
export async function queueNames(vhost: string): Promise<string[]> {
  const qs = await managementJson<Array<{ name: string }>>(
    `/api/queues/${encodeURIComponent(vhost)}?columns=name`,
  );
  return qs.map((q) => q.name).sort();
}

/** Closes (server side) the connection whose client-given name is `connectionName`. */
export async function killConnection(connectionName: string): Promise<void> {
  const name = await eventually(async () => {
    const all = await managementJson<
      Array<{ name: string; client_properties?: { connection_name?: string } }>
    >('/api/connections?columns=name,client_properties');
    const c = all.find((x) => x.client_properties?.connection_name === connectionName);
    if (!c) throw new Error(`no connection named ${connectionName} yet`);
    return c.name;
  });
  const r = await managementFetch(`/api/connections/${encodeURIComponent(name)}`, {
    method: 'DELETE',
    headers: { 'X-Reason': 'spillway drain test: connection killed mid-dispatch' },
  });
  if (!r.ok && r.status !== 404) throw new Error(`close connection: HTTP ${r.status}`);
}
