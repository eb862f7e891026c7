/** Small promise wrappers over callback `node:fs` (kept-open fds, positional I/O) and atomic file replacement. */
import * as fs from 'node:fs';
import { dirname } from 'node:path';

/** Max buffers per writev call; libuv caps at IOV_MAX (1024 on Linux). */
const MAX_IOV = 512;

export function openFd(path: string, flags: string): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.open(path, flags, 0o644, (err, fd) => (err ? reject(err) : resolve(fd))),
  );
}

export function closeFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.close(fd, (err) => (err ? reject(err) : resolve())));
}

export function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}

export function ftruncate(fd: number, length: number): Promise<void> {
  return new Promise((resolve, reject) => fs.ftruncate(fd, length, (err) => (err ? reject(err) : resolve())));
}

export function fstatSize(fd: number): Promise<number> {
  return new Promise((resolve, reject) => fs.fstat(fd, (err, st) => (err ? reject(err) : resolve(st.size))));
}

function writevOnce(fd: number, bufs: Buffer[], position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.writev(fd, bufs, position, (err, n) => (err ? reject(err) : resolve(n))),
  );
}

/** Writes all buffers at `position`, handling IOV limits and short writes. */
export async function writevAt(fd: number, bufs: readonly Buffer[], position: number): Promise<void> {
  let pos = position;
  let i = 0;
  const pending: Buffer[] = [];
  while (i < bufs.length || pending.length > 0) {
    while (pending.length < MAX_IOV && i < bufs.length) pending.push(bufs[i++] as Buffer);
    let written = await writevOnce(fd, pending, pos);
    if (written <= 0) throw new Error(`writev at ${pos} wrote nothing`);
    pos += written;
    while (pending.length > 0 && written >= (pending[0] as Buffer).length)
      written -= (pending.shift() as Buffer).length;
    if (written > 0 && pending.length > 0) pending[0] = (pending[0] as Buffer).subarray(written);
  }
}

/**
 * writevAt without the thread pool: for small appends the bytes only reach the page cache, which costs less
 * than a thread-pool round trip (futex wake-ups, an eventfd write, a context switch). Kafka's request threads
 * write the same way.
 */
export function writevAtSync(fd: number, bufs: readonly Buffer[], position: number): void {
  let pos = position;
  let i = 0;
  const pending: Buffer[] = [];
  while (i < bufs.length || pending.length > 0) {
    while (pending.length < MAX_IOV && i < bufs.length) pending.push(bufs[i++] as Buffer);
    let written = fs.writevSync(fd, pending, pos);
    if (written <= 0) throw new Error(`writev at ${pos} wrote nothing`);
    pos += written;
    while (pending.length > 0 && written >= (pending[0] as Buffer).length)
      written -= (pending.shift() as Buffer).length;
    if (written > 0 && pending.length > 0) pending[0] = (pending[0] as Buffer).subarray(written);
  }
}

function readOnce(
  fd: number,
  buf: Buffer,
  offset: number,
  length: number,
  position: number,
): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.read(fd, buf, offset, length, position, (err, n) => (err ? reject(err) : resolve(n))),
  );
}

/** Reads up to `length` bytes at `position`; the result is shorter only at end of file. */
export async function readAt(fd: number, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = await readOnce(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/** fsyncs a directory so that created, renamed or removed entries survive a crash. */
export async function fsyncDir(dir: string): Promise<void> {
  const fd = await openFd(dir, 'r');
  try {
    await new Promise<void>((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
  } finally {
    await closeFd(fd);
  }
}

/**
 * Replaces `path` atomically (write temp, rename). With `durable`, the temp file is fsynced before the
 * rename and the directory after it, so the new content survives a crash once this resolves.
 */
export async function writeFileAtomic(path: string, data: string | Buffer, durable: boolean): Promise<void> {
  const tmp = `${path}.tmp`;
  const fd = await openFd(tmp, 'w');
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    await writevAt(fd, [buf], 0);
    if (durable) await fdatasync(fd);
  } finally {
    await closeFd(fd);
  }
  await fs.promises.rename(tmp, path);
  if (durable) await fsyncDir(dirname(path));
}

export async function readFileIfExists(path: string): Promise<Buffer | null> {
  try {
    return await fs.promises.readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export async function unlinkIfExists(path: string): Promise<void> {
  try {
    await fs.promises.unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
