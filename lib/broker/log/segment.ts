/**
 * One segment: `<20-digit baseOffset>.log` plus its `.index` and `.timeindex`. Holds the in-memory sparse
 * indexes, the running max timestamp, and a reference count so that retention never closes an fd under a
 * running read.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { closeFd, openFd, readAt, unlinkIfExists, writeFileAtomic } from './fs-util';
import type { SyncFile } from './fsync';
import { OffsetIndex, type TimeEntry, TimeIndex } from './sparse-index';

/** Message of the error thrown when a deleted segment is used; readers retry their lookup. */
export const SEGMENT_DELETED = 'segment deleted';

export function segmentName(baseOffset: number): string {
  return String(baseOffset).padStart(20, '0');
}

export class Segment {
  readonly logPath: string;
  readonly indexPath: string;
  readonly timeIndexPath: string;
  /** Bytes assigned to batches (the next write position). */
  size = 0;
  /** Offset after the last batch assigned to this segment. */
  nextOffset: number;
  offsetIndex: OffsetIndex;
  timeIndex: TimeIndex;
  /** Largest batch max timestamp, and the batch that carries it. */
  maxTimestamp = -1;
  maxTimestampOffset = -1;
  maxTimestampPosition = -1;
  /** Wall-clock time of the segment's first batch: the start of its age for segment.ms rolls. */
  rollTime: number | null = null;
  /** Wall-clock ms of the last append, for time retention of batches without timestamps. */
  lastModified: number;
  /** Write fd (active segment) or read fd (opened lazily). */
  fd: number | null = null;
  sync: SyncFile | null = null;
  private bytesSinceIndexEntry = 0;
  private opening: Promise<number> | null = null;
  private refs = 0;
  private deleted = false;

  constructor(
    readonly dir: string,
    readonly baseOffset: number,
    now: number,
  ) {
    const name = segmentName(baseOffset);
    this.logPath = join(dir, `${name}.log`);
    this.indexPath = join(dir, `${name}.index`);
    this.timeIndexPath = join(dir, `${name}.timeindex`);
    this.nextOffset = baseOffset;
    this.offsetIndex = new OffsetIndex(baseOffset);
    this.timeIndex = new TimeIndex(baseOffset);
    this.lastModified = now;
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** Records a batch placed at `position` in the in-memory indexes (Kafka-style sparse entries). */
  addBatch(
    baseOffset: number,
    lastOffset: number,
    position: number,
    size: number,
    maxTs: number,
    interval: number,
  ): void {
    if (maxTs > this.maxTimestamp) {
      this.maxTimestamp = maxTs;
      this.maxTimestampOffset = baseOffset;
      this.maxTimestampPosition = position;
    }
    if (this.bytesSinceIndexEntry > interval) {
      this.offsetIndex.append(baseOffset, position);
      this.appendTimeEntry();
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += size;
    this.size = position + size;
    this.nextOffset = lastOffset + 1;
  }

  private appendTimeEntry(): void {
    const last = this.timeIndex.last();
    if (this.maxTimestamp >= 0 && (last === null || this.maxTimestamp > last.timestamp)) {
      this.timeIndex.append(this.maxTimestamp, this.maxTimestampOffset, this.maxTimestampPosition);
    }
  }

  /** Restores state from persisted indexes (the last time entry is the segment max). */
  restore(offsetIndex: OffsetIndex, timeIndex: TimeIndex, size: number, nextOffset: number): void {
    this.offsetIndex = offsetIndex;
    this.timeIndex = timeIndex;
    this.size = size;
    this.nextOffset = nextOffset;
    const max: TimeEntry | null = timeIndex.last();
    if (max !== null) {
      this.maxTimestamp = max.timestamp;
      this.maxTimestampOffset = max.offset;
      this.maxTimestampPosition = max.position;
    }
    const lastIndexed = offsetIndex.last();
    this.bytesSinceIndexEntry = lastIndexed === null ? size : size - lastIndexed.position;
  }

  /** Writes both index files (with the final max-timestamp entry); not fsynced: they are rebuildable. */
  async persistIndexes(): Promise<void> {
    this.appendTimeEntry();
    await writeFileAtomic(this.indexPath, this.offsetIndex.encode(this.size, this.nextOffset), false);
    await writeFileAtomic(this.timeIndexPath, this.timeIndex.encode(this.size, this.nextOffset), false);
  }

  async removeIndexFiles(): Promise<void> {
    await unlinkIfExists(this.indexPath);
    await unlinkIfExists(this.timeIndexPath);
  }

  /** The fd for reading, opening the file read-only on first use. */
  async readFd(): Promise<number> {
    if (this.fd !== null) return this.fd;
    if (this.opening === null) {
      this.opening = openFd(this.logPath, 'r').then((fd) => {
        this.fd = fd;
        return fd;
      });
    }
    return this.opening;
  }

  /** Runs `fn` with the segment pinned (not closed or deleted underneath). */
  async use<T>(fn: (fd: number) => Promise<T>): Promise<T> {
    if (this.deleted) throw new Error(SEGMENT_DELETED);
    this.refs++;
    try {
      return await fn(await this.readFd());
    } finally {
      this.refs--;
      if (this.refs === 0 && this.deleted) void this.destroy();
    }
  }

  async read(length: number, position: number): Promise<Buffer> {
    return this.use((fd) => readAt(fd, length, position));
  }

  /** Marks the segment deleted; files go once no reader holds it. */
  async delete(): Promise<void> {
    if (this.deleted) return;
    this.deleted = true;
    if (this.refs === 0) await this.destroy();
  }

  private async destroy(): Promise<void> {
    await this.close();
    await unlinkIfExists(this.logPath);
    await this.removeIndexFiles();
  }

  async close(): Promise<void> {
    if (this.opening !== null) await this.opening.catch(() => undefined);
    const fd = this.fd;
    this.fd = null;
    this.opening = null;
    if (fd !== null) await closeFd(fd);
  }

  async birthTime(fallback: number): Promise<number> {
    try {
      const st = await fsp.stat(this.logPath);
      return st.birthtimeMs > 0 ? st.birthtimeMs : fallback;
    } catch {
      return fallback;
    }
  }
}
