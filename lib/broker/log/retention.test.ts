import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KafkaProtocolError } from '../errors';
import type { FileLogManager } from './log-manager';
import { decodeBatches, simpleBatch } from './test-fixtures/batches';
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

describe('retention and DeleteRecords', () => {
  let h: Harness;
  let m: FileLogManager;
  let now = T0;
  beforeEach(async () => {
    now = T0;
    h = harness({ clock: () => now, tailCacheBytes: 0 });
    m = await h.open();
  });
  afterEach(() => h.dispose());

  const logFiles = (topic: string) =>
    readdirSync(join(h.dir, 'topics', topic, '0'))
      .filter((f) => f.endsWith('.log'))
      .sort();

  it('deletes segments older than retention.ms and moves the log start offset', async () => {
    await m.createTopic('rt', 1, { 'retention.ms': '60000', 'segment.bytes': '400' });
    const p = m.filePartition('rt', 0);
    for (let i = 0; i < 20; i++) await p.append(simpleBatch(2, `old${i}`, { baseTimestamp: T0 }));
    for (let i = 0; i < 5; i++) await p.append(simpleBatch(2, `new${i}`, { baseTimestamp: T0 + 100_000 }));
    const before = p.segmentCount;
    now = T0 + 90_000;
    await m.runRetention();
    expect(p.segmentCount).toBeLessThan(before);
    expect(p.logStartOffset).toBeGreaterThan(0);
    expect(p.logStartOffset).toBeLessThanOrEqual(40);
    expect(await rejection(p.read(0, 1000))).toBe('OFFSET_OUT_OF_RANGE');
    const first = decodeBatches((await p.read(p.logStartOffset, 100_000)).records)[0];
    expect(first?.baseOffset).toBe(p.logStartOffset);
    expect(p.logEndOffset).toBe(50);
    expect(logFiles('rt')).toHaveLength(p.segmentCount);
  });

  it('rolls and deletes the active segment when everything expired; offsets keep counting', async () => {
    await m.createTopic('all', 1, { 'retention.ms': '1000' });
    const p = m.filePartition('all', 0);
    for (let i = 0; i < 3; i++) await p.append(simpleBatch(2, 'x', { baseTimestamp: T0 }));
    now = T0 + 5000;
    await m.runRetention();
    expect(p.logStartOffset).toBe(6);
    expect(p.logEndOffset).toBe(6);
    expect((await p.read(6, 100)).records.length).toBe(0);
    expect((await p.append(simpleBatch(1))).baseOffset).toBe(6);
    expect(decodeBatches((await p.read(6, 1000)).records)[0]?.baseOffset).toBe(6);
    await m.close();
    const m2 = await h.open({ clock: () => now });
    const p2 = m2.partition('all', 0);
    expect([p2.logStartOffset, p2.logEndOffset]).toEqual([6, 7]);
  });

  it('deletes the oldest segments beyond retention.bytes, never the active one', async () => {
    const size = simpleBatch(2).length;
    await m.createTopic('rb', 1, { 'retention.bytes': String(size * 6), 'segment.bytes': String(size * 3) });
    const p = m.filePartition('rb', 0);
    for (let i = 0; i < 20; i++) await p.append(simpleBatch(2));
    await m.runRetention();
    // Kafka semantics: whole segments go while the rest still holds at least retention.bytes.
    expect(p.sizeInBytes).toBeGreaterThanOrEqual(size * 6);
    expect(p.sizeInBytes).toBeLessThan(size * 9);
    expect(p.logStartOffset).toBe(40 - (p.sizeInBytes / size) * 2);
    expect(p.logEndOffset).toBe(40);
  });

  it('DeleteRecords moves the log start offset durably and drops whole segments below it', async () => {
    await m.createTopic('dr', 1, { 'segment.bytes': '300' });
    const p = m.filePartition('dr', 0);
    for (let i = 0; i < 12; i++) await p.append(simpleBatch(2));
    const segments = p.segmentCount;
    expect(await p.deleteRecordsBefore(9)).toBe(9);
    expect(p.segmentCount).toBeLessThan(segments);
    expect(await rejection(p.read(8, 1000))).toBe('OFFSET_OUT_OF_RANGE');
    const batch = decodeBatches((await p.read(9, 1000)).records)[0];
    expect(batch !== undefined && batch.baseOffset <= 9 && batch.lastOffset >= 9).toBe(true);
    expect(await p.offsetForTimestamp(0)).toMatchObject({ offset: 9 });
    expect(await rejection(p.deleteRecordsBefore(25))).toBe('OFFSET_OUT_OF_RANGE');
    expect(await p.deleteRecordsBefore(5)).toBe(9);
    await m.close();
    const m2 = await h.open();
    const p2 = m2.partition('dr', 0);
    expect(p2.logStartOffset).toBe(9);
    expect(await p2.deleteRecordsBefore(-1)).toBe(24);
    expect((await p2.read(24, 100)).records.length).toBe(0);
    expect((await p2.append(simpleBatch(1))).logStartOffset).toBe(24);
  });
});
