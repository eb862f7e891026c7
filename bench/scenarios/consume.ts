/**
 * kafkajs consumer read-back: a new group reads the topic from the beginning with `eachBatch` and does no
 * per-message work (kafkajs still decodes every record). Throughput is timed from the first Fetch request
 * (kafkajs' FETCH_START event) to the last expected message; the group join before it (FindCoordinator,
 * JoinGroup, SyncGroup, OffsetFetch) is reported separately. kafkajs defaults otherwise
 * (maxBytesPerPartition 1 MiB, maxBytes 10 MiB, maxWaitTimeInMs 5000, auto-commit after each batch).
 */
import { randomBytes } from 'node:crypto';
import { client } from '../lib/client';
import { type RequestStats, recordRequests } from '../lib/requests';
import { CpuMeter, type CpuWindow } from '../lib/sys';

export interface ConsumeResult {
  messages: number;
  seconds: number;
  msgsPerSec: number;
  mbPerSec: number;
  /** From `run()` to the first Fetch request: group join, sync and offset fetch. */
  joinSeconds: number;
  cpu: CpuWindow;
  requests: RequestStats;
}

export async function runConsume(
  brokers: string,
  brokerPid: number,
  topic: string,
  expected: number,
  valueBytes: number,
  timeoutMs = 600_000,
): Promise<ConsumeResult> {
  const consumer = client(brokers, 'bench-consumer').consumer({
    groupId: `bench-readback-${randomBytes(4).toString('hex')}`,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const clock = { first: 0, meter: new CpuMeter(brokerPid) };
    const requests = recordRequests(consumer);
    const stopListening = consumer.on(consumer.events.FETCH_START, () => {
      if (clock.first !== 0) return;
      clock.first = performance.now();
      clock.meter = new CpuMeter(brokerPid);
    });
    let count = 0;
    let finish: (at: number) => void = () => undefined;
    const finished = new Promise<number>((resolve) => {
      finish = resolve;
    });
    const started = performance.now();
    await consumer.run({
      eachBatch: async ({ batch }) => {
        count += batch.messages.length;
        if (count >= expected) finish(performance.now());
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`read ${count} of ${expected} messages in time`)), timeoutMs);
    });
    const end = await Promise.race([finished, timeout]).finally(() => clearTimeout(timer));
    stopListening();
    const cpu = clock.meter.stop();
    const stats = requests();
    const seconds = (end - clock.first) / 1000;
    return {
      messages: count,
      seconds,
      msgsPerSec: count / seconds,
      mbPerSec: (count * valueBytes) / 1e6 / seconds,
      joinSeconds: (clock.first - started) / 1000,
      cpu,
      requests: stats,
    };
  } finally {
    await consumer.disconnect();
  }
}
