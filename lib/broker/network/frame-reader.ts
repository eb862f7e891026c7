/**
 * Splits a TCP byte stream into Kafka frames: a 4-byte big-endian size followed by that many bytes.
 * Chunks are kept as a list and only joined for the bytes of one frame, so a large frame arriving in many
 * small reads is copied once, and a chunk holding many small frames is sliced without copying.
 */
export class FrameTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly max: number,
  ) {
    super(`frame of ${size} bytes exceeds the limit of ${max} bytes`);
    this.name = 'FrameTooLargeError';
  }
}

export class InvalidFrameSizeError extends Error {
  constructor(readonly size: number) {
    super(`invalid frame size ${size}`);
    this.name = 'InvalidFrameSizeError';
  }
}

export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private nextSize = -1;

  constructor(private maxFrameBytes: number) {}

  /** Changes the largest frame accepted from now on (e.g. raised once a SASL client has authenticated). */
  set limit(maxFrameBytes: number) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes received but not yet returned as a frame. */
  get pending(): number {
    return this.buffered;
  }

  /**
   * Feeds bytes; returns every complete frame payload (without its size prefix). Throws on a bad size, but
   * frames completed before it in the same call are returned first: the bad size stays buffered and the next
   * call (e.g. `push(Buffer.alloc(0))`) throws.
   */
  push(chunk: Buffer): Buffer[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Buffer[] = [];
    for (;;) {
      if (this.nextSize < 0) {
        if (this.buffered < 4) break;
        const size = this.peekSize();
        if (size < 0 || size > this.maxFrameBytes) {
          if (frames.length > 0) break;
          if (size < 0) throw new InvalidFrameSizeError(size);
          throw new FrameTooLargeError(size, this.maxFrameBytes);
        }
        this.take(4);
        this.nextSize = size;
      }
      if (this.buffered < this.nextSize) break;
      frames.push(this.take(this.nextSize));
      this.nextSize = -1;
    }
    return frames;
  }

  /** The next 4-byte size prefix, left in the buffer. */
  private peekSize(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 4) return first.readInt32BE(0);
    const head = Buffer.alloc(4);
    let filled = 0;
    for (const c of this.chunks) {
      filled += c.copy(head, filled, 0, Math.min(c.length, 4 - filled));
      if (filled === 4) break;
    }
    return head.readInt32BE(0);
  }

  /** Removes and returns the first n bytes (a slice when they lie in one chunk). */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    this.buffered -= n;
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0] as Buffer;
      const need = n - filled;
      if (c.length <= need) {
        c.copy(out, filled);
        filled += c.length;
        this.chunks.shift();
      } else {
        c.copy(out, filled, 0, need);
        this.chunks[0] = c.subarray(need);
        filled += need;
      }
    }
    return out;
  }
}
