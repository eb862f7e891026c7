import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KafkaProtocolError } from '../errors';
import { DEFAULT_SEGMENT_BYTES } from './config';
import type { FileLogManager } from './log-manager';
import { openLogManager } from './open';
import { decodeRecords, simpleBatch } from './test-fixtures/batches';
import { type Harness, harness } from './test-fixtures/harness';

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (err instanceof KafkaProtocolError) return err.errorName;
    throw err;
  }
  return 'NONE';
}

describe('log manager topics', () => {
  let h: Harness;
  let m: FileLogManager;
  beforeEach(async () => {
    h = harness({ defaultPartitions: 3, topicDefaults: { 'retention.ms': '3600000' } });
    m = await h.open();
  });
  afterEach(() => h.dispose());

  it("applies Kafka's topic-name rules", async () => {
    for (const bad of ['', '.', '..', 'a'.repeat(250), 'has space', 'slash/name', 'ünï']) {
      expect(await rejection(m.createTopic(bad, 1))).toBe('INVALID_TOPIC_EXCEPTION');
    }
    expect((await m.createTopic('a'.repeat(249), 1)).partitions).toBe(1);
    expect((await m.createTopic('Ok.name_with-all-1', 1)).name).toBe('Ok.name_with-all-1');
    expect(await rejection(m.createTopic('Ok_name_with-all-1', 1))).toBe('INVALID_TOPIC_EXCEPTION');
    expect(await rejection(m.createTopic('Ok.name_with-all-1', 1))).toBe('TOPIC_ALREADY_EXISTS');
  });

  it('validates partitions and configs, and validateOnly changes nothing', async () => {
    expect(await rejection(m.createTopic('p0', 0))).toBe('INVALID_PARTITIONS');
    expect(await rejection(m.createTopic('p1', 1, { 'no.such.key': '1' }))).toBe('INVALID_CONFIG');
    expect(await rejection(m.createTopic('p2', 1, { 'cleanup.policy': 'compact' }))).toBe('INVALID_CONFIG');
    expect(await rejection(m.createTopic('p3', 1, { 'retention.ms': 'soon' }))).toBe('INVALID_CONFIG');
    expect(await rejection(m.createTopic('p4', 1, { 'segment.bytes': '3000000000' }))).toBe('INVALID_CONFIG');
    expect(await rejection(m.createTopic('p5', 1, { 'message.timestamp.type': 'Whenever' }))).toBe(
      'INVALID_CONFIG',
    );
    const dry = await m.createTopic('dry', 2, { 'retention.ms': '5' }, { validateOnly: true });
    expect(dry).toMatchObject({ name: 'dry', partitions: 2 });
    expect(m.topic('dry')).toBeUndefined();
    expect(m.listTopics()).toEqual([]);
    expect(
      (await m.createTopic('auto', -1, { 'min.insync.replicas': '2', 'cleanup.policy': 'delete' }))
        .partitions,
    ).toBe(3);
  });

  it('describes effective configs with their source', async () => {
    await m.createTopic('cfg', 1, { 'segment.ms': '1000' });
    const byName = new Map(m.describeConfigs('cfg').map((e) => [e.name, e]));
    expect(byName.get('segment.ms')).toMatchObject({ value: '1000', source: 'topic' });
    expect(byName.get('retention.ms')).toMatchObject({ value: '3600000', source: 'broker' });
    expect(byName.get('segment.bytes')).toMatchObject({
      value: String(DEFAULT_SEGMENT_BYTES),
      source: 'default',
    });
    expect(byName.get('cleanup.policy')).toMatchObject({ value: 'delete', source: 'default' });
    expect(await rejection(() => m.describeConfigs('cfg', ['bogus']))).toBe('INVALID_CONFIG');
    expect(await rejection(() => m.describeConfigs('missing'))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('alters configs incrementally or by replacement, and they take effect', async () => {
    await m.createTopic('alt', 1, { 'segment.ms': '1000', 'retention.bytes': '100000' });
    await m.alterConfigs('alt', { 'message.timestamp.type': 'LogAppendTime', 'segment.ms': null });
    expect(m.topic('alt')?.configs).toEqual({
      'retention.bytes': '100000',
      'message.timestamp.type': 'LogAppendTime',
    });
    expect((await m.partition('alt', 0).append(simpleBatch(1), { now: 77 })).logAppendTime).toBe(77);
    await m.alterConfigs('alt', { 'retention.ms': '1' }, { replace: true });
    expect(m.topic('alt')?.configs).toEqual({ 'retention.ms': '1' });
    expect(await rejection(m.alterConfigs('alt', { 'cleanup.policy': 'compact' }))).toBe('INVALID_CONFIG');
    expect(await rejection(m.alterConfigs('alt', { nope: null }))).toBe('INVALID_CONFIG');
    await m.alterConfigs('alt', { 'retention.ms': '2' }, { validateOnly: true });
    expect(m.topic('alt')?.configs).toEqual({ 'retention.ms': '1' });
  });

  it('grows partitions, never shrinks them, and keeps them after a restart', async () => {
    await m.createTopic('grow', 2);
    expect(await rejection(m.createPartitions('grow', 2))).toBe('INVALID_PARTITIONS');
    expect(await rejection(m.createPartitions('nope', 4))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    await m.createPartitions('grow', 5);
    await m.partition('grow', 4).append(simpleBatch(2));
    await m.close();
    m = await h.open();
    expect(m.topic('grow')?.partitions).toBe(5);
    expect(m.partition('grow', 4).highWatermark).toBe(2);
    expect(await rejection(() => m.partition('grow', 5))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('deletes a topic with its files; the name can be reused for an empty topic', async () => {
    await m.createTopic('gone', 2);
    const { topicId } = m.topic('gone') ?? { topicId: '' };
    await m.partition('gone', 0).append(simpleBatch(3));
    await m.deleteTopic('gone');
    expect(m.topic('gone')).toBeUndefined();
    expect(existsSync(join(h.dir, 'topics', 'gone'))).toBe(false);
    expect(await rejection(() => m.partition('gone', 0))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(await rejection(m.deleteTopic('gone'))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    const again = await m.createTopic('gone', 1);
    expect(again.topicId).not.toBe(topicId);
    expect(m.partition('gone', 0).logEndOffset).toBe(0);
  });

  it('locks the data directory against a second manager', async () => {
    expect(await rejection(h.open())).toBe('KAFKA_STORAGE_ERROR');
  });

  it('lists topics in name order', async () => {
    await m.createTopic('b', 1);
    await m.createTopic('a', 2);
    expect(m.listTopics().map((t) => [t.name, t.partitions])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });
});

describe('storage location and fsync policies', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.dispose());

  it('opens file:// URLs and rejects unknown schemes', async () => {
    const m = await openLogManager(pathToFileURL(join(h.dir, 'url')).href, { warn: () => undefined });
    await m.createTopic('u', 1);
    await m.close();
    expect(existsSync(join(h.dir, 'url', 'topics', 'u', 'topic.json'))).toBe(true);
    expect(await rejection(openLogManager('s3://bucket/x'))).toBe('KAFKA_STORAGE_ERROR');
    expect(await rejection(openLogManager(join(h.dir, 'bad'), { fsync: 'sometimes' }))).toBe(
      'INVALID_CONFIG',
    );
  });

  it.each(['group', 'always', 'never', 'interval:5'])(
    'appends and reads back under fsync=%s',
    async (fsync) => {
      const m = await h.open({ fsync });
      await m.createTopic('f', 2);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => m.partition('f', i % 2).append(simpleBatch(2, `r${i}`))),
      );
      expect(results.filter((_, i) => i % 2 === 0).map((r) => r.baseOffset)).toEqual(
        Array.from({ length: 20 }, (_, i) => i * 2),
      );
      const recs = decodeRecords((await m.partition('f', 1).read(0, 1 << 20)).records);
      expect(recs.map((r) => r.value)).toEqual(
        Array.from({ length: 20 }, (_, i) => [`r${2 * i + 1}-0`, `r${2 * i + 1}-1`]).flat(),
      );
      if (fsync === 'group' || fsync === 'always') expect(m.syncCount).toBeGreaterThan(0);
      if (fsync === 'never') expect(m.syncCount).toBe(0);
      await m.close();
    },
  );

  it('group commit covers many concurrent appends with few fsyncs; always syncs each', async () => {
    const m = await h.open({ fsync: 'group' });
    await m.createTopic('g', 1);
    const p = m.partition('g', 0);
    const before = m.syncCount;
    await Promise.all(Array.from({ length: 100 }, () => p.append(simpleBatch(1))));
    expect(m.syncCount - before).toBeLessThan(20);
    await m.close();
    const m2 = await h.open({ fsync: 'always' });
    const p2 = m2.partition('g', 0);
    const before2 = m2.syncCount;
    await Promise.all(Array.from({ length: 30 }, () => p2.append(simpleBatch(1))));
    expect(m2.syncCount - before2).toBe(30);
    expect(p2.highWatermark).toBe(130);
  });
});
