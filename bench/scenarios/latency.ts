/**
 * Produce latency under a fixed offered load (open loop): `send` calls of `batch` messages are scheduled at a
 * constant rate whatever the broker does, and each one's latency runs from its scheduled time (not the time
 * it was actually issued) to its acknowledgement, so a stall is charged to every send it delays instead of
 * silently lowering the rate (no coordinated omission). The first `warmupSeconds` are not recorded.
 */
import { client, messageBatch, producer } from '../lib/client';
import { type Distribution, distribution } from '../lib/stats';
import { CpuMeter, type CpuWindow } from '../lib/sys';

export interface LatencyOptions {
  /** Offered load, messages per second. */
  rate: number;
  batch: number;
  valueBytes: number;
  seconds: number;
  warmupSeconds: number;
}

export interface LatencyResult {
  rate: number;
  /** Messages per second actually acknowledged over the recorded interval. */
  achieved: number;
  latencyMs: Distribution;
  errors: number;
  cpu: CpuWindow;
}

export async function runLatency(
  brokers: string,
  brokerPid: number,
  topic: string,
  o: LatencyOptions,
): Promise<LatencyResult> {
  const p = producer(client(brokers, 'bench-latency'));
  await p.connect();
  const messages = messageBatch(o.batch, o.valueBytes);
  try {
    await p.send({ topic, acks: -1, messages: messages.slice(0, 1) });
    const intervalMs = (1000 * o.batch) / o.rate;
    const total = Math.floor(((o.seconds + o.warmupSeconds) * 1000) / intervalMs);
    const warmup = Math.floor((o.warmupSeconds * 1000) / intervalMs);
    const samples: number[] = [];
    const inFlight: Promise<void>[] = [];
    let errors = 0;
    let meter: CpuMeter | null = null;
    const start = performance.now();
    const send = (i: number, scheduled: number) =>
      p.send({ topic, acks: -1, messages }).then(
        () => {
          if (i >= warmup) samples.push(performance.now() - scheduled);
        },
        () => {
          errors++;
        },
      );
    for (let i = 0; i < total; ) {
      const now = performance.now();
      // Everything due by now goes out at once (the timer is coarser than the interval at high rates).
      while (i < total && start + i * intervalMs <= now) {
        if (i === warmup) meter = new CpuMeter(brokerPid);
        inFlight.push(send(i, start + i * intervalMs));
        i++;
      }
      if (i < total) await new Promise((r) => setTimeout(r, Math.max(0, start + i * intervalMs - now)));
    }
    await Promise.all(inFlight);
    if (errors > 0) throw new Error(`${errors} of ${total} sends failed`);
    const cpu = (meter ?? new CpuMeter(brokerPid)).stop();
    const recordedSeconds = (performance.now() - (start + warmup * intervalMs)) / 1000;
    return {
      rate: o.rate,
      achieved: (samples.length * o.batch) / recordedSeconds,
      latencyMs: distribution(samples),
      errors,
      cpu,
    };
  } finally {
    await p.disconnect();
  }
}
