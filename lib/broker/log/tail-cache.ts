/**
 * The most recent batches of a partition, in memory, so tailing consumers are served without disk reads.
 * Entries are contiguous in offset order; the oldest are dropped beyond `capacity` bytes.
 */

interface Entry {
  baseOffset: number;
  lastOffset: number;
  buf: Buffer;
}

export class TailCache {
  private entries: Entry[] = [];
  private head = 0;
  private bytes = 0;

  constructor(private readonly capacity: number) {}

  push(baseOffset: number, lastOffset: number, buf: Buffer): void {
    if (this.capacity <= 0) return;
    this.entries.push({ baseOffset, lastOffset, buf });
    this.bytes += buf.length;
    while (this.bytes > this.capacity && this.head < this.entries.length - 1) {
      this.bytes -= (this.entries[this.head] as Entry).buf.length;
      this.entries[this.head++] = undefined as unknown as Entry;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.bytes = 0;
  }

  /**
   * Batches from the one containing `offset`, below `limit` (exclusive), up to maxBytes (at least one when
   * `minOne`). Returns null when the cache does not reach back to `offset`.
   */
  read(offset: number, maxBytes: number, limit: number, minOne: boolean): Buffer | null {
    const first = this.entries[this.head];
    if (first === undefined || first.baseOffset > offset) return null;
    let lo = this.head;
    let hi = this.entries.length - 1;
    let start = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.entries[mid] as Entry).lastOffset >= offset) {
        start = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    if (start < 0) return null;
    const parts: Buffer[] = [];
    let size = 0;
    for (let i = start; i < this.entries.length; i++) {
      const e = this.entries[i] as Entry;
      if (e.lastOffset >= limit) break;
      if (size + e.buf.length > maxBytes && !(minOne && parts.length === 0)) break;
      parts.push(e.buf);
      size += e.buf.length;
    }
    if (parts.length === 1) return parts[0] as Buffer;
    return Buffer.concat(parts, size);
  }
}
