// The demo workload itself: a kafkajs producer following the scenario's rate and a consumer group held to
// `consumerRate` by a token bucket, against the embedded broker. Every producer Spillway runs uses acks=all.
import { type Admin, type Consumer, type EachBatchPayload, Kafka, logLevel, type Producer } from 'kafkajs';
import { phaseAt, producedTarget } from './scenario';
import { TokenBucket } from './token-bucket';
import type { DemoScenario } from './types';

/** Producer tick: the loop sends what the scenario owes every this many ms. */
const TICK_MS = 100;
/** The most a tick sends (a slow broker catches up over several ticks, never in one huge batch). */
const MAX_BATCH = 2_000;
/** Consumer work unit: messages "processed" between offset resolutions. */
const CHUNK = 100;
const PAYLOAD = 'x'.repeat(120);

export interface WorkloadOptions {
  bootstrap: string;
  /** SASL/PLAIN credentials for an embedded broker that requires them. */
  sasl?: { username: string; password: string };
  topic: string;
  group: string;
  scenario: DemoScenario;
  /** Called once when the producer or consumer fails for good. */
  onFailure: (error: Error) => void;
}

export class DemoWorkload {
  produced = 0;
  consumed = 0;
  private readonly kafka: Kafka;
  private readonly abort = new AbortController();
  private admin: Admin | null = null;
  private producer: Producer | null = null;
  private consumer: Consumer | null = null;
  private loop: Promise<void> | null = null;
  private startedAt = 0;

  constructor(private readonly opts: WorkloadOptions) {
    this.kafka = new Kafka({
      clientId: 'spillway-demo',
      brokers: [opts.bootstrap],
      ...(opts.sasl ? { sasl: { mechanism: 'plain' as const, ...opts.sasl } } : {}),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
      requestTimeout: 15_000,
      retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 5 },
    });
  }

  /** Creates the topic if needed, moves the group to the end of it (each run starts at zero backlog), starts both sides. */
  async start(): Promise<void> {
    const { topic, group, scenario } = this.opts;
    this.admin = this.kafka.admin();
    await this.admin.connect();
    const existing = await this.admin.listTopics();
    if (!existing.includes(topic)) {
      await this.admin.createTopics({
        topics: [{ topic, numPartitions: scenario.partitions, replicationFactor: 1 }],
        waitForLeaders: true,
      });
    }
    await this.admin.resetOffsets({ groupId: group, topic, earliest: false }).catch(() => undefined);
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
    await this.producer.connect();
    this.consumer = this.kafka.consumer({
      groupId: group,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 200,
      maxBytesPerPartition: 256 * 1024,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic, fromBeginning: false });
    const bucket = new TokenBucket(scenario.consumerRate, scenario.consumerRate / 10);
    await this.consumer.run({
      eachBatchAutoResolve: false,
      autoCommitInterval: 1_000,
      eachBatch: (payload) => this.consume(payload, bucket),
    });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      if (!this.abort.signal.aborted && !e.payload.restart) this.opts.onFailure(e.payload.error);
    });
    this.startedAt = Date.now();
    this.loop = this.produceLoop();
  }

  private async consume(p: EachBatchPayload, bucket: TokenBucket): Promise<void> {
    const msgs = p.batch.messages;
    for (let i = 0; i < msgs.length; i += CHUNK) {
      if (!p.isRunning() || p.isStale() || this.abort.signal.aborted) return;
      const chunk = msgs.slice(i, i + CHUNK);
      await bucket.take(chunk.length, this.abort.signal);
      if (this.abort.signal.aborted) return;
      const last = chunk.at(-1);
      if (last) p.resolveOffset(last.offset);
      this.consumed += chunk.length;
      await p.heartbeat();
      await p.commitOffsetsIfNecessary();
    }
  }

  private async produceLoop(): Promise<void> {
    const { topic, scenario } = this.opts;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      const tickStart = Date.now();
      const owed = Math.min(MAX_BATCH, producedTarget(scenario, tickStart - this.startedAt) - this.produced);
      if (owed > 0 && this.producer) {
        const phase = phaseAt(scenario, tickStart - this.startedAt).phase;
        const messages = Array.from({ length: owed }, (_, i) => {
          const n = this.produced + i;
          return {
            key: `order-${n % 1000}`,
            value: JSON.stringify({ demo: true, order: n, phase, pad: PAYLOAD }),
            headers: { 'spillway-demo': '1' },
          };
        });
        try {
          await this.producer.send({ topic, acks: -1, messages });
          this.produced += owed;
          failures = 0;
        } catch (error) {
          if (this.abort.signal.aborted) return;
          failures++;
          if (failures >= 3) {
            this.opts.onFailure(error as Error);
            return;
          }
        }
      }
      await sleep(Math.max(0, TICK_MS - (Date.now() - tickStart)), this.abort.signal);
    }
  }

  /** Stops producing, lets the consumer commit what it processed, disconnects everything. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop?.catch(() => undefined);
    await Promise.allSettled([
      this.producer?.disconnect(),
      this.consumer?.disconnect(),
      this.admin?.disconnect(),
    ]);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
