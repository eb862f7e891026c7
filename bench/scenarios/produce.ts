/**
 * kafkajs producer throughput: `messages` values of `valueBytes` bytes in `send` calls of `batch` messages,
 * acks -1, `concurrency` sends in flight at all times (closed loop). The clock runs from the first send to the
 * last acknowledgement; connecting and the first metadata round trip happen before it starts.
 */
import { client, messageBatch, producer } from '../lib/client';
import { type RequestStats, recordRequests } from '../lib/requests';
import { CpuMeter, type CpuWindow } from '../lib/sys';

export interface ProduceOptions {
  messages: number;
  batch: number;
  valueBytes: number;
  concurrency: number;
}

export interface ProduceResult {
  messages: number;
  seconds: number;
  msgsPerSec: number;
  mbPerSec: number;
  cpu: CpuWindow;
  requests: RequestStats;
}

export async function runProduce(
  brokers: string,
  brokerPid: number,
  topic: string,
  o: ProduceOptions,
): Promise<ProduceResult> {
  const p = producer(client(brokers, 'bench-producer'));
  await p.connect();
  const messages = messageBatch(o.batch, o.valueBytes);
  try {
    // One small send first, so that metadata and connections exist before the clock starts.
    await p.send({ topic, acks: -1, messages: messages.slice(0, 1) });
    const sends = Math.ceil((o.messages - 1) / o.batch);
    let next = 0;
    const meter = new CpuMeter(brokerPid);
    const requests = recordRequests(p);
    const start = performance.now();
    const worker = async () => {
      while (next < sends) {
        const i = next++;
        const n = Math.min(o.batch, o.messages - 1 - i * o.batch);
        await p.send({ topic, acks: -1, messages: n === o.batch ? messages : messages.slice(0, n) });
      }
    };
    await Promise.all(Array.from({ length: o.concurrency }, worker));
    const seconds = (performance.now() - start) / 1000;
    const cpu = meter.stop();
    const stats = requests();
    const sent = o.messages - 1;
    return {
      messages: o.messages,
      seconds,
      msgsPerSec: sent / seconds,
      mbPerSec: (sent * o.valueBytes) / 1e6 / seconds,
      cpu,
      requests: stats,
    };
  } finally {
    await p.disconnect();
  }
}
