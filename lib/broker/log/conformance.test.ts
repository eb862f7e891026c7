/**
 * One conformance suite for every LogManager implementation (STYLE 8): the file-backed log and memory://
 * must answer the Produce/Fetch/ListOffsets/DeleteRecords/admin calls of the handlers identically.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KafkaProtocolError } from '../errors';
import { openLogManager } from './open';
import { buildBatch, decodeBatches, decodeRecords, simpleBatch } from './test-fixtures/batches';
import { makeTempDir } from './test-fixtures/temp';
import type { LogManager } from './types';

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (err instanceof KafkaProtocolError) return err.errorName;
    throw err;
  }
  return 'NONE';
}

const T0 = 1_700_000_000_000;

describe.each(['file', 'memory'])('LogManager conformance (%s)', (kind) => {
  let m: LogManager;
  let cleanup = () => {};
  let now = T0;
  beforeEach(async () => {
    now = T0;
    const tmp = makeTempDir();
    cleanup = tmp.cleanup;
    m = await openLogManager(kind === 'memory' ? 'memory://' : tmp.dir, {
      clock: () => now,
      warn: () => undefined,
      defaultPartitions: 2,
    });
    await m.createTopic('c', 1);
  });
  afterEach(async () => {
    await m.close();
    cleanup();
  });

  it('assigns offsets across appends and multi-batch buffers, and reads whole batches', async () => {
    const p = m.partition('c', 0);
    expect(await p.append(simpleBatch(3, 'a'))).toMatchObject({
      baseOffset: 0,
      lastOffset: 2,
      duplicate: false,
    });
    const multi = Buffer.concat([simpleBatch(2, 'b'), simpleBatch(2, 'g', { compression: 'gzip' })]);
    expect(await p.append(multi)).toMatchObject({ baseOffset: 3, lastOffset: 6 });
    const res = await p.read(4, 1 << 20);
    expect(res).toMatchObject({ highWatermark: 7, lastStableOffset: 7, logStartOffset: 0 });
    expect(decodeBatches(res.records).map((b) => b.baseOffset)).toEqual([3, 5]);
    expect(decodeRecords(res.records).map((r) => r.value)).toEqual(['b-0', 'b-1', 'g-0', 'g-1']);
    const one = simpleBatch(3, 'a').length;
    expect((await p.read(0, 1)).records.length).toBe(one);
    expect((await p.read(0, 1, { minOneBatch: false })).records.length).toBe(0);
    expect((await p.read(7, 100)).records.length).toBe(0);
    expect(await rejection(p.read(8, 100))).toBe('OFFSET_OUT_OF_RANGE');
  });

  it('rejects invalid batches and writes nothing', async () => {
    const p = m.partition('c', 0);
    const bad = simpleBatch(2);
    bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 1, bad.length - 1);
    expect(await rejection(p.append(Buffer.concat([simpleBatch(1), bad])))).toBe('CORRUPT_MESSAGE');
    const txn = buildBatch({
      records: [{ value: 'x' }],
      attributes: 0x10,
      producerId: 1,
      producerEpoch: 0,
      baseSequence: 0,
    });
    expect(await rejection(p.append(txn))).toBe('INVALID_TXN_STATE');
    expect([p.logEndOffset, p.sizeInBytes]).toEqual([0, 0]);
  });

  it('deduplicates and orders idempotent batches', async () => {
    const p = m.partition('c', 0);
    const b = (seq: number, epoch = 0) =>
      simpleBatch(2, `s${seq}`, { producerId: 3, producerEpoch: epoch, baseSequence: seq });
    await p.append(b(0));
    expect(await p.append(b(0))).toMatchObject({ baseOffset: 0, duplicate: true });
    expect(await rejection(p.append(b(5)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    await p.append(b(0, 1));
    expect(await rejection(p.append(b(2, 0)))).toBe('INVALID_PRODUCER_EPOCH');
    expect(p.logEndOffset).toBe(4);
  });

  it('answers ListOffsets by timestamp and max timestamp, and stamps LogAppendTime', async () => {
    const p = m.partition('c', 0);
    for (let i = 0; i < 4; i++) {
      const records = [0, 1].map((j) => ({ value: `t${i}${j}`, timestamp: T0 + (2 * i + j) * 100 }));
      await p.append(
        buildBatch({ records, baseTimestamp: T0 + 2 * i * 100, compression: i % 2 ? 'gzip' : 'none' }),
      );
    }
    expect(await p.offsetForTimestamp(T0 + 250)).toEqual({ offset: 3, timestamp: T0 + 300 });
    expect(await p.offsetForTimestamp(T0 + 900)).toBeNull();
    expect(await p.maxTimestamp()).toEqual({ offset: 7, timestamp: T0 + 700 });
    await m.alterConfigs('c', { 'message.timestamp.type': 'LogAppendTime' });
    expect((await p.append(simpleBatch(1), { now: T0 + 5000 })).logAppendTime).toBe(T0 + 5000);
    expect(await p.maxTimestamp()).toEqual({ offset: 8, timestamp: T0 + 5000 });
  });

  it('moves the log start offset with DeleteRecords and retention', async () => {
    const p = m.partition('c', 0);
    for (let i = 0; i < 5; i++) await p.append(simpleBatch(2, `d${i}`, { baseTimestamp: T0 + i * 1000 }));
    expect(await p.deleteRecordsBefore(3)).toBe(3);
    expect(await rejection(p.read(2, 100))).toBe('OFFSET_OUT_OF_RANGE');
    expect(decodeBatches((await p.read(3, 1 << 20)).records)[0]?.baseOffset).toBe(2);
    expect(await rejection(p.deleteRecordsBefore(11))).toBe('OFFSET_OUT_OF_RANGE');
    await m.alterConfigs('c', { 'retention.ms': '1000' });
    now = T0 + 10_000;
    await m.runRetention();
    expect(p.logStartOffset).toBe(10);
    expect((await p.append(simpleBatch(1))).baseOffset).toBe(10);
  });

  it('wakes waiting fetches when data arrives', async () => {
    const p = m.partition('c', 0);
    expect(await p.waitForData(0, 5)).toBe(false);
    const waiting = p.waitForData(0, 60_000);
    await p.append(simpleBatch(1));
    expect(await waiting).toBe(true);
  });

  it('administers topics with the same rules', async () => {
    expect(await rejection(m.createTopic('c', 1))).toBe('TOPIC_ALREADY_EXISTS');
    expect(await rejection(m.createTopic('bad name', 1))).toBe('INVALID_TOPIC_EXCEPTION');
    expect(await rejection(m.createTopic('x', 1, { 'cleanup.policy': 'compact' }))).toBe('INVALID_CONFIG');
    expect((await m.createTopic('auto', -1)).partitions).toBe(2);
    await m.createPartitions('auto', 3);
    expect(await rejection(m.createPartitions('auto', 3))).toBe('INVALID_PARTITIONS');
    expect(m.partition('auto', 2).logEndOffset).toBe(0);
    await m.alterConfigs('auto', { 'retention.bytes': '1000' });
    expect(m.describeConfigs('auto', ['retention.bytes'])[0]).toMatchObject({
      value: '1000',
      source: 'topic',
    });
    await m.deleteTopic('auto');
    expect(await rejection(() => m.partition('auto', 0))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(m.listTopics().map((t) => t.name)).toEqual(['c']);
  });
});
