import { appendFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileLogManager } from './log-manager';
import { decodeRecords, simpleBatch } from './test-fixtures/batches';
import { type Harness, harness } from './test-fixtures/harness';

/** Reads every record of a partition by fetching until the high watermark. */
async function readAll(m: FileLogManager, topic: string): Promise<string[]> {
  const p = m.partition(topic, 0);
  const out: string[] = [];
  let next = p.logStartOffset;
  while (next < p.highWatermark) {
    const recs = decodeRecords((await p.read(next, 4096)).records).filter((r) => r.offset >= next);
    for (const r of recs) out.push(`${r.offset}:${r.value}`);
    next = (recs[recs.length - 1]?.offset ?? next) + 1;
  }
  return out;
}

describe('restart recovery', () => {
  let h: Harness;
  let m: FileLogManager;
  let dir: string;
  const notes: string[] = [];
  beforeEach(async () => {
    h = harness({ tailCacheBytes: 0, warn: (msg) => notes.push(msg) });
    m = await h.open();
    await m.createTopic('r', 1, { 'segment.bytes': '600' });
    const p = m.partition('r', 0);
    for (let i = 0; i < 30; i++) await p.append(simpleBatch(2, `b${i}`));
    dir = join(h.dir, 'topics', 'r', '0');
    notes.length = 0;
  });
  afterEach(() => h.dispose());

  const files = (ext: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(ext))
      .sort()
      .map((f) => join(dir, f));
  const lastLog = () => files('.log').at(-1) as string;
  const expected = (n: number) => Array.from({ length: n }, (_, i) => `${i}:b${i >> 1}-${i & 1}`);

  it('reopens a cleanly closed log with every batch', async () => {
    await m.close();
    m = await h.open();
    expect(await readAll(m, 'r')).toEqual(expected(60));
    expect(notes).toEqual([]);
  });

  it('truncates garbage appended after the last batch', async () => {
    await m.close();
    const size = statSync(lastLog()).size;
    appendFileSync(
      lastLog(),
      Buffer.from('garbage that is not a record batch at all.......................'),
    );
    m = await h.open();
    expect(statSync(lastLog()).size).toBe(size);
    expect(await readAll(m, 'r')).toEqual(expected(60));
    expect(notes.some((n) => n.includes('truncated'))).toBe(true);
    expect((await m.partition('r', 0).append(simpleBatch(1, 'after'))).baseOffset).toBe(60);
  });

  it('drops a batch torn in the middle and keeps every complete one', async () => {
    await m.close();
    const batch = simpleBatch(2, 'b29').length;
    truncateSync(lastLog(), statSync(lastLog()).size - Math.floor(batch / 2));
    rmSync(files('.index').at(-1) as string, { force: true });
    m = await h.open();
    expect(m.partition('r', 0).logEndOffset).toBe(58);
    expect(await readAll(m, 'r')).toEqual(expected(58));
    expect((await m.partition('r', 0).append(simpleBatch(2, 'b29'))).baseOffset).toBe(58);
    expect(await readAll(m, 'r')).toEqual(expected(60));
  });

  it('truncates from a batch whose CRC does not match', async () => {
    await m.close();
    const batch = simpleBatch(2, 'b29').length;
    const size = statSync(lastLog()).size;
    const buf = Buffer.alloc(1, 0x5a);
    const { openSync, writeSync, closeSync } = await import('node:fs');
    const fd = openSync(lastLog(), 'r+');
    writeSync(fd, buf, 0, 1, size - 3);
    closeSync(fd);
    for (const f of [...files('.index'), ...files('.timeindex')]) rmSync(f);
    m = await h.open();
    expect(statSync(lastLog()).size).toBe(size - batch);
    expect(await readAll(m, 'r')).toEqual(expected(58));
  });

  it('rebuilds missing and corrupt indexes of every segment', async () => {
    await m.close();
    const indexes = files('.index');
    expect(indexes.length).toBeGreaterThan(2);
    rmSync(indexes[0] as string);
    writeFileSync(indexes[1] as string, Buffer.from('not an index'));
    for (const f of files('.timeindex')) rmSync(f);
    m = await h.open();
    expect(await readAll(m, 'r')).toEqual(expected(60));
    expect(await m.partition('r', 0).offsetForTimestamp(0)).toMatchObject({ offset: 0 });
    expect(notes.some((n) => n.includes('rebuilt'))).toBe(true);
  });

  it('rebuilds idempotent producer state by replay when the snapshot is lost', async () => {
    const p = m.partition('r', 0);
    const idem = (seq: number) =>
      simpleBatch(2, `i${seq}`, { producerId: 9, producerEpoch: 0, baseSequence: seq });
    await p.append(idem(0));
    await p.append(idem(2));
    await m.close();
    rmSync(join(dir, 'producer-state.json'));
    m = await h.open();
    const p2 = m.partition('r', 0);
    expect(await p2.append(idem(2))).toMatchObject({ baseOffset: 62, duplicate: true });
    expect((await p2.append(idem(4))).baseOffset).toBe(64);
  });

  it('preserves topics, configs, topic ids and partition counts across restarts', async () => {
    await m.createTopic('other', 3, { 'retention.ms': '1234', 'message.timestamp.type': 'LogAppendTime' });
    const before = m.listTopics();
    await m.close();
    m = await h.open();
    expect(m.listTopics()).toEqual(before);
    expect(m.describeConfigs('other', ['retention.ms'])[0]).toMatchObject({ value: '1234', source: 'topic' });
    const res = await m.partition('other', 2).append(simpleBatch(1), { now: 42 });
    expect(res.logAppendTime).toBe(42);
  });
});
