/**
 * The most recent batches of a partition, in memory, so tailing consumers are served without disk reads.
 * Entries are contiguous in offset order; the oldest are dropped beyond `capacity` bytes.
 *
 * The bytes live in one ring buffer per partition and the entry bounds in typed arrays, so a produce does not
 * leave a Buffer and an object per batch on the heap for the collector to promote and later mark-compact (the
 * previous design did, at several full GCs per 100k produce requests). The ring starts small and doubles up
 * to `capacity`, so thousands of quiet partitions do not each hold `capacity` bytes. A batch is copied in on
 * push and the answer copied out on read, so the caller may keep what it gets.
 */

const INITIAL_ENTRIES = 64;
const INITIAL_RING_BYTES = 16 * 1024;

export class TailCache {
  private ring: Buffer | null = null;
  /** Entry i (circular, from `head`, `count` of them): offsets, and its bytes at logical position `start`. */
  private base = new Float64Array(INITIAL_ENTRIES);
  private last = new Float64Array(INITIAL_ENTRIES);
  private start = new Float64Array(INITIAL_ENTRIES);
  private len = new Int32Array(INITIAL_ENTRIES);
  private head = 0;
  private count = 0;
  /** Logical bytes pushed so far; byte p lives at `p % ring.length`. */
  private written = 0;

  constructor(private readonly capacity: number) {}

  private slot(i: number): number {
    return (this.head + i) % this.base.length;
  }

  /** Bytes held by the cached entries. */
  get size(): number {
    return this.count === 0 ? 0 : this.written - (this.start[this.head] as number);
  }

  push(baseOffset: number, lastOffset: number, buf: Buffer): void {
    if (this.capacity <= 0) return;
    if (buf.length > this.capacity) {
      // Cannot be held: start over after it (entries must stay contiguous in offset order).
      this.clear();
      return;
    }
    const ring = this.ringFor(this.size + buf.length);
    if (this.count === this.base.length) this.growEntries();
    this.copyIn(ring, this.written, buf);
    const s = this.slot(this.count);
    this.base[s] = baseOffset;
    this.last[s] = lastOffset;
    this.start[s] = this.written;
    this.len[s] = buf.length;
    this.count++;
    this.written += buf.length;
    const floor = this.written - ring.length;
    while (this.count > 0 && (this.start[this.head] as number) < floor) {
      this.head = (this.head + 1) % this.base.length;
      this.count--;
    }
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.ring = null;
  }

  /**
   * Batches from the one containing `offset`, below `limit` (exclusive), up to maxBytes (at least one when
   * `minOne`). Returns null when the cache does not reach back to `offset`.
   */
  read(offset: number, maxBytes: number, limit: number, minOne: boolean): Buffer | null {
    if (this.count === 0 || (this.base[this.head] as number) > offset) return null;
    let lo = 0;
    let hi = this.count - 1;
    let from = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.last[this.slot(mid)] as number) >= offset) {
        from = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    if (from < 0) return null;
    let size = 0;
    let n = 0;
    for (let i = from; i < this.count; i++) {
      const s = this.slot(i);
      if ((this.last[s] as number) >= limit) break;
      const l = this.len[s] as number;
      if (size + l > maxBytes && !(minOne && n === 0)) break;
      size += l;
      n++;
    }
    const out = Buffer.allocUnsafe(size);
    this.copyOut(this.ring as Buffer, this.start[this.slot(from)] as number, out);
    return out;
  }

  /** The ring, grown (doubling, up to capacity) so that `needed` bytes fit; live bytes are kept. */
  private ringFor(needed: number): Buffer {
    const ring = this.ring;
    if (ring !== null && (ring.length >= needed || ring.length >= this.capacity)) return ring;
    let n = ring === null ? Math.min(INITIAL_RING_BYTES, this.capacity) : ring.length;
    while (n < needed && n < this.capacity) n = Math.min(n * 2, this.capacity);
    const next = Buffer.allocUnsafe(n);
    if (ring !== null && this.count > 0) {
      const from = this.start[this.head] as number;
      const live = Buffer.allocUnsafe(this.written - from);
      this.copyOut(ring, from, live);
      this.copyIn(next, from, live);
    }
    this.ring = next;
    return next;
  }

  private copyIn(ring: Buffer, logical: number, buf: Buffer): void {
    const at = logical % ring.length;
    const first = Math.min(buf.length, ring.length - at);
    buf.copy(ring, at, 0, first);
    if (first < buf.length) buf.copy(ring, 0, first);
  }

  private copyOut(ring: Buffer, logical: number, out: Buffer): void {
    const at = logical % ring.length;
    const first = Math.min(out.length, ring.length - at);
    ring.copy(out, 0, at, at + first);
    if (first < out.length) ring.copy(out, first, 0, out.length - first);
  }

  private growEntries(): void {
    const n = this.base.length * 2;
    const slots = Array.from({ length: this.count }, (_, i) => this.slot(i));
    const move = <T extends Float64Array | Int32Array>(a: T, b: T): T => {
      slots.forEach((s, i) => {
        b[i] = a[s] as number;
      });
      return b;
    };
    this.base = move(this.base, new Float64Array(n));
    this.last = move(this.last, new Float64Array(n));
    this.start = move(this.start, new Float64Array(n));
    this.len = move(this.len, new Int32Array(n));
    this.head = 0;
  }
}
