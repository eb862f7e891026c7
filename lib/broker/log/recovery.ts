/**
 * Opening a partition directory after a clean or unclean shutdown.
 *
 * Invariant kept by the writer: a segment is fdatasync'ed (and its indexes written) before the first byte of
 * the next segment is written, so only the last segment can hold a torn tail. Recovery therefore:
 * - loads the indexes of every older segment (rebuilding them by a CRC scan when missing or inconsistent);
 * - scans the last segment with CRC checks from where its persisted index ends (from 0 after a crash: the
 *   active segment's index files are deleted on open and rewritten only on roll/close) and truncates
 *   whatever follows the last whole valid batch;
 * - applies the log-start-offset checkpoint, and rebuilds the idempotent-producer table from the latest
 *   snapshot plus a replay of the batch headers after it (or of the last two segments without a snapshot).
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { isLogAppendTime, lastOffsetOf } from './batch';
import { readLogStartOffset, readProducerSnapshot } from './checkpoint';
import { closeFd, fdatasync, fsyncDir, ftruncate, openFd, readFileIfExists, unlinkIfExists } from './fs-util';
import { ProducerStateTable } from './producer-state';
import { BatchCursor } from './scan';
import { Segment } from './segment';
import { OffsetIndex, TimeIndex } from './sparse-index';

const LOG_FILE = /^(\d{20})\.log$/;

export interface RecoveredPartition {
  segments: Segment[];
  logStartOffset: number;
  producers: ProducerStateTable;
  /** Human-readable notes about repairs (torn tails truncated, indexes rebuilt). */
  notes: string[];
}

async function loadIndexes(seg: Segment, fileSize: number, exact: boolean): Promise<boolean> {
  const raw = await readFileIfExists(seg.indexPath);
  if (raw === null) return false;
  const decoded = OffsetIndex.decode(raw, seg.baseOffset);
  if (decoded === null || decoded.segmentSize > fileSize || (exact && decoded.segmentSize !== fileSize))
    return false;
  const rawTime = await readFileIfExists(seg.timeIndexPath);
  const time = rawTime === null ? null : TimeIndex.decode(rawTime, seg.baseOffset, decoded.segmentSize);
  if (time === null) return false;
  seg.restore(decoded.index, time, decoded.segmentSize, decoded.nextOffset);
  return true;
}

/** Scans [seg.size, fileSize) with CRC checks, indexing every valid batch; returns the valid end. */
async function scanTail(seg: Segment, fd: number, fileSize: number, interval: number): Promise<number> {
  const cursor = new BatchCursor(fd, seg.size, fileSize, 1024 * 1024);
  for (;;) {
    const b = await cursor.next(true);
    if (b === null) break;
    if (b.header.baseOffset < seg.nextOffset) {
      cursor.stop = 'torn';
      cursor.position = b.position;
      break;
    }
    seg.addBatch(
      b.header.baseOffset,
      lastOffsetOf(b.header),
      b.position,
      b.header.size,
      b.header.maxTimestamp,
      interval,
    );
  }
  return cursor.stop === 'torn' ? cursor.position : fileSize;
}

async function recoverSegment(
  seg: Segment,
  isLast: boolean,
  interval: number,
  notes: string[],
): Promise<number | null> {
  const fileSize = (await fsp.stat(seg.logPath)).size;
  const loaded = await loadIndexes(seg, fileSize, !isLast);
  if (loaded && !isLast) return null;
  if (!loaded && !isLast) notes.push(`${seg.logPath}: index missing or inconsistent, rebuilt`);
  const fd = await openFd(seg.logPath, 'r+');
  try {
    const validEnd = await scanTail(seg, fd, fileSize, interval);
    if (validEnd < fileSize) {
      notes.push(
        `${seg.logPath}: truncated ${fileSize - validEnd} bytes of torn or corrupt data at ${validEnd}`,
      );
      await ftruncate(fd, validEnd);
      await fdatasync(fd);
    }
    if (isLast) {
      await seg.removeIndexFiles();
      return fd;
    }
    await seg.persistIndexes();
  } catch (err) {
    await closeFd(fd);
    throw err;
  }
  await closeFd(fd);
  return null;
}

async function replayProducers(
  segments: readonly Segment[],
  producers: ProducerStateTable,
  from: number,
  now: number,
): Promise<void> {
  for (const seg of segments) {
    if (seg.nextOffset <= from || seg.isEmpty) continue;
    const start = seg.offsetIndex.floor(from)?.position ?? 0;
    await seg.use(async (fd) => {
      const cursor = new BatchCursor(fd, start, seg.size, 1024 * 1024);
      for (let b = await cursor.next(); b !== null; b = await cursor.next()) {
        const h = b.header;
        if (h.baseOffset < from || h.producerId < 0) continue;
        producers.replay(h, now, isLogAppendTime(h.attributes) ? h.maxTimestamp : -1);
      }
    });
  }
}

export async function recoverPartition(
  dir: string,
  interval: number,
  now: number,
): Promise<RecoveredPartition> {
  await fsp.mkdir(dir, { recursive: true });
  const notes: string[] = [];
  const names = await fsp.readdir(dir);
  const bases: number[] = [];
  for (const name of names) {
    const m = LOG_FILE.exec(name);
    if (m !== null) bases.push(Number(m[1]));
    else if (name.endsWith('.tmp')) await unlinkIfExists(join(dir, name));
  }
  bases.sort((a, b) => a - b);
  let segments: Segment[] = [];
  for (let i = 0; i < bases.length; i++) {
    const seg = new Segment(dir, bases[i] as number, now);
    const isLast = i === bases.length - 1;
    const fd = await recoverSegment(seg, isLast, interval, notes);
    if (fd !== null) seg.fd = fd;
    if (seg.isEmpty && !isLast) {
      await seg.delete();
      continue;
    }
    segments.push(seg);
  }
  const checkpoint = await readLogStartOffset(dir);
  let logStartOffset = Math.max(checkpoint ?? 0, segments[0]?.baseOffset ?? 0);
  // Segments wholly below the log start offset (a crash between checkpoint and unlink) go now.
  while (segments.length > 1 && (segments[0] as Segment).nextOffset <= logStartOffset) {
    await (segments.shift() as Segment).delete();
  }
  const last = segments[segments.length - 1];
  if (last === undefined || last.nextOffset < logStartOffset) {
    // Nothing left at or above the log start offset: start a fresh empty segment there.
    for (const seg of segments) await seg.delete();
    const seg = new Segment(dir, logStartOffset, now);
    seg.fd = await openFd(seg.logPath, 'w+');
    await fsyncDir(dir);
    segments = [seg];
  }
  const active = segments[segments.length - 1] as Segment;
  if (!active.isEmpty) active.rollTime = Math.min(now, await active.birthTime(now));
  logStartOffset = Math.max(logStartOffset, (segments[0] as Segment).baseOffset);
  logStartOffset = Math.min(logStartOffset, active.nextOffset);

  const producers = new ProducerStateTable();
  const snapshot = await readProducerSnapshot(dir);
  let replayFrom = segments[Math.max(0, segments.length - 2)]?.baseOffset ?? 0;
  if (snapshot !== null && snapshot.offset <= active.nextOffset) {
    producers.load(snapshot.producers);
    replayFrom = snapshot.offset;
  }
  await replayProducers(segments, producers, replayFrom, now);
  return { segments, logStartOffset, producers, notes };
}
