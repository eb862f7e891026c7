/** Sequential walk over the batches of a segment file range, reading in large chunks. */
import {
  BATCH_HEADER_SIZE,
  type BatchHeader,
  crcMatches,
  LOG_OVERHEAD,
  OFF_BATCH_LENGTH,
  OFF_MAGIC,
  readBatchHeader,
} from './batch';
import { readAt } from './fs-util';

const DEFAULT_CHUNK = 256 * 1024;
const EMPTY = Buffer.alloc(0);

export interface ScannedBatch {
  position: number;
  header: BatchHeader;
}

export type ScanStop = 'end' | 'torn';

export class BatchCursor {
  private buf: Buffer = EMPTY;
  private bufStart = 0;
  /** File position of the next batch. */
  position: number;
  /** Why the walk stopped: at `end`, or at bytes that are not a whole valid batch (`torn`). */
  stop: ScanStop | null = null;

  constructor(
    private readonly fd: number,
    start: number,
    private readonly end: number,
    private readonly chunk = DEFAULT_CHUNK,
  ) {
    this.position = start;
  }

  private async load(at: number, length: number): Promise<boolean> {
    if (at >= this.bufStart && at + length <= this.bufStart + this.buf.length) return true;
    const want = Math.min(Math.max(length, this.chunk), this.end - at);
    if (want < length) return false;
    this.buf = await readAt(this.fd, want, at);
    this.bufStart = at;
    return this.buf.length >= length;
  }

  /** The bytes [from, to) of the file, from the chunk buffer when possible (no copy). */
  async bytes(from: number, to: number): Promise<Buffer> {
    if (!(await this.load(from, to - from))) return readAt(this.fd, to - from, from);
    return this.buf.subarray(from - this.bufStart, to - this.bufStart);
  }

  /** The next batch, or null (see `stop`). With `verifyCrc` the whole batch is read and checked. */
  async next(verifyCrc = false): Promise<ScannedBatch | null> {
    const at = this.position;
    if (at >= this.end) {
      this.stop = 'end';
      return null;
    }
    if (!(await this.load(at, BATCH_HEADER_SIZE))) return this.torn();
    const rel = at - this.bufStart;
    if (this.buf.readInt8(rel + OFF_MAGIC) !== 2) return this.torn();
    const size = this.buf.readInt32BE(rel + OFF_BATCH_LENGTH) + LOG_OVERHEAD;
    if (size < BATCH_HEADER_SIZE || at + size > this.end) return this.torn();
    const header = readBatchHeader(this.buf, rel);
    if (header.lastOffsetDelta < 0) return this.torn();
    if (verifyCrc) {
      if (!(await this.load(at, size))) return this.torn();
      if (!crcMatches(this.buf, at - this.bufStart, size)) return this.torn();
    }
    this.position = at + size;
    return { position: at, header };
  }

  private torn(): null {
    this.stop = 'torn';
    return null;
  }
}
