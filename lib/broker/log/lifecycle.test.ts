import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KafkaProtocolError } from '../errors';
import type { FileLogManager } from './log-manager';
import type { FilePartitionLog } from './partition-log';
import type { Segment } from './segment';
import { simpleBatch } from './test-fixtures/batches';
import { type Harness, harness } from './test-fixtures/harness';

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof KafkaProtocolError) return err.errorName;
    throw err;
  }
  return 'NONE';
}

const T0 = 1_700_000_000_000;

describe('partition lifecycle', () => {
  let h: Harness;
  let m: FileLogManager;
  let now = T0;
  const warnings: string[] = [];
  beforeEach(async () => {
    now = T0;
    warnings.length = 0;
    h = harness({ clock: () => now, producerIdExpirationMs: 60_000, warn: (w) => warnings.push(w) });
    m = await h.open();
  });
  afterEach(() => h.dispose());

  it('rolls the active segment once it is older than segment.ms', async () => {
    await m.createTopic('age', 1, { 'segment.ms': '1000' });
    const p = m.filePartition('age', 0);
    await p.append(simpleBatch(1));
    now += 500;
    await p.append(simpleBatch(1));
    expect(p.segmentCount).toBe(1);
    now += 1000;
    await p.append(simpleBatch(1));
    expect(p.segmentCount).toBe(2);
    expect((await p.read(0, 1 << 20)).records.length).toBeGreaterThan(0);
  });

  it('forgets idle idempotent producers after producer.id.expiration.ms', async () => {
    await m.createTopic('exp', 1);
    const p = m.partition('exp', 0);
    const batch = (seq: number) =>
      simpleBatch(1, 'e', { producerId: 5, producerEpoch: 0, baseSequence: seq });
    await p.append(batch(0));
    expect(await rejection(p.append(batch(7)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    now += 30_000;
    await m.runRetention();
    expect(await rejection(p.append(batch(7)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    now += 120_000;
    await m.runRetention();
    expect((await p.append(batch(7))).baseOffset).toBe(1);
  });

  it('takes a partition offline with KAFKA_STORAGE_ERROR when a write fails', async () => {
    await m.createTopic('io', 2);
    const p = m.filePartition('io', 0);
    await p.append(simpleBatch(2));
    // Simulate a failing disk: point the active segment at an fd that is not open.
    const writer = (p as unknown as { writer: { segment: Segment } }).writer;
    writer.segment.fd = 0x3fffffff;
    expect(await rejection(p.append(simpleBatch(1)))).toBe('KAFKA_STORAGE_ERROR');
    expect(await rejection(p.append(simpleBatch(1)))).toBe('KAFKA_STORAGE_ERROR');
    expect(await rejection(p.read(0, 100))).toBe('KAFKA_STORAGE_ERROR');
    expect(p.highWatermark).toBe(2);
    expect(warnings.some((w) => w.includes('storage failure'))).toBe(true);
    expect((await m.partition('io', 1).append(simpleBatch(1))).baseOffset).toBe(0);
    writer.segment.fd = null;
    await m.close();
  });

  it('refuses appends and reads on a closed partition', async () => {
    await m.createTopic('shut', 1);
    const p: FilePartitionLog = m.filePartition('shut', 0);
    await p.append(simpleBatch(1));
    await m.close();
    expect(await rejection(p.append(simpleBatch(1)))).toBe('NOT_LEADER_OR_FOLLOWER');
    expect(await rejection(p.read(0, 100))).toBe('NOT_LEADER_OR_FOLLOWER');
    expect(await p.waitForData(5, 10)).toBe(false);
  });
});
