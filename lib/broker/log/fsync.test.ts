import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFsyncPolicy, SyncFile, SyncScheduler } from './fsync';
import { makeTempDir } from './test-fixtures/temp';

describe('fsync policies', () => {
  it('parses the policy names', () => {
    expect(parseFsyncPolicy('group')).toEqual({ kind: 'group' });
    expect(parseFsyncPolicy('always')).toEqual({ kind: 'always' });
    expect(parseFsyncPolicy('never')).toEqual({ kind: 'never' });
    expect(parseFsyncPolicy('interval:250')).toEqual({ kind: 'interval', ms: 250 });
    for (const bad of ['interval:0', 'interval:x', 'sometimes', ''])
      expect(() => parseFsyncPolicy(bad)).toThrow();
  });
});

describe('SyncScheduler', () => {
  const { dir, cleanup } = makeTempDir();
  const fds: number[] = [];
  afterEach(() => {
    for (const fd of fds.splice(0)) closeSync(fd);
  });

  function file(name: string): SyncFile {
    const fd = openSync(join(dir, name), 'w+');
    fds.push(fd);
    return new SyncFile(fd, 0);
  }

  it('covers requests that arrive during an fsync with the next one, per file, across files', async () => {
    const scheduler = new SyncScheduler(2);
    const files = [file('a'), file('b'), file('c')];
    const waits: Promise<void>[] = [];
    for (let i = 1; i <= 30; i++) {
      const f = files[i % 3] as SyncFile;
      writeSync(f.fd, Buffer.from('x'));
      waits.push(scheduler.request(f, Math.ceil(i / 3)));
    }
    await Promise.all(waits);
    expect(scheduler.syncCount).toBeLessThanOrEqual(6);
    for (const f of files) expect(f.synced).toBe(10);
    await scheduler.request(files[0] as SyncFile, 5);
    expect(scheduler.syncCount).toBeLessThanOrEqual(6);
  });

  it('fails every waiter of a file whose fdatasync fails, and later requests too', async () => {
    const scheduler = new SyncScheduler(1);
    const bad = new SyncFile(2 ** 30, 0);
    await expect(scheduler.request(bad, 1)).rejects.toThrow();
    await expect(scheduler.request(bad, 2)).rejects.toThrow();
    const good = file('d');
    await expect(scheduler.request(good, 1)).resolves.toBeUndefined();
    cleanup();
  });
});
