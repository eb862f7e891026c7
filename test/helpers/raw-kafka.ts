// A bare TCP client for sending hand-made (and deliberately broken) Kafka frames to a broker and
// reading back whatever it answers: response frames, or the connection being closed.
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';

export class RawConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly frames: Buffer[] = [];
  private waiters: (() => void)[] = [];
  private closedFlag = false;
  /** Resolves when the socket is closed (by either side). */
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length < 4 + size) break;
        this.frames.push(this.buffered.subarray(4, 4 + size));
        this.buffered = this.buffered.subarray(4 + size);
      }
      this.wake();
    });
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.closedFlag = true;
      this.wake();
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.once('connect', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.closedFlag;
  }

  /** Response frames received and not read yet. */
  get unreadFrames(): number {
    return this.frames.length;
  }

  write(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(bytes, (err) => (err ? reject(err) : resolve())),
    );
  }

  /** The next response frame payload (correlation id first), or an error if the socket closes first. */
  async nextFrame(timeoutMs = 10_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.frames.shift();
      if (frame) return frame;
      if (this.closedFlag) throw new Error('connection closed before a response arrived');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no response within ${timeoutMs} ms`);
      await this.waitForEvent(left);
    }
  }

  /**
   * Waits for the broker to close the connection. Resolves with the number of response frames that
   * arrived first; rejects if it is still open after `timeoutMs`.
   */
  async expectClosedByPeer(timeoutMs = 10_000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`connection still open after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return this.frames.length;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private waitForEvent(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** A request frame with header v1 for any api key and version (also ones the broker does not know). */
export function rawRequestFrame(
  apiKey: number,
  apiVersion: number,
  correlationId: number,
  body: Buffer = Buffer.alloc(0),
  clientId = 'raw-test',
): Buffer {
  const id = Buffer.from(clientId);
  const header = Buffer.alloc(2 + 2 + 4 + 2 + id.length);
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(apiVersion, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(id.length, 8);
  id.copy(header, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + body.length, 0);
  return Buffer.concat([size, header, body]);
}

/**
 * ApiVersions v3 as librdkafka and the Java client send it: request header v2 (client id, then an empty
 * tagged-field section) and a flexible body (compact strings, tagged fields).
 */
export function apiVersionsV3Frame(correlationId: number, clientId = 'raw-test'): Buffer {
  const id = Buffer.from(clientId);
  const compact = (s: string) => {
    const b = Buffer.from(s);
    return Buffer.concat([Buffer.from([b.length + 1]), b]);
  };
  const header = Buffer.alloc(2 + 2 + 4 + 2 + id.length + 1);
  header.writeInt16BE(18, 0);
  header.writeInt16BE(3, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(id.length, 8);
  id.copy(header, 10);
  header.writeUInt8(0, 10 + id.length);
  const body = Buffer.concat([compact('spillway-raw'), compact('1.0'), Buffer.from([0])]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + body.length, 0);
  return Buffer.concat([size, header, body]);
}

// kafkajs's own record encoders (CommonJS internals without types): batches built by a client nobody
// here wrote, so the broker's validation is checked against independent bytes.
const requireCjs = createRequire(import.meta.url);
type KafkajsEncoder = { buffer: Buffer };
const { RecordBatch: kafkajsRecordBatch } = requireCjs('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (spec: {
    records: unknown[];
    firstTimestamp: number;
    maxTimestamp: number;
    lastOffsetDelta: number;
  }) => Promise<KafkajsEncoder>;
};
const kafkajsRecord = requireCjs('kafkajs/src/protocol/recordBatch/record/v0') as (spec: {
  key: string | null;
  value: string | null;
  offsetDelta: number;
  timestampDelta: number;
}) => unknown;
const kafkajsMessageSet = requireCjs('kafkajs/src/protocol/messageSet') as (spec: {
  messageVersion: number;
  entries: { key: string | null; value: string; timestamp?: number }[];
}) => KafkajsEncoder;

/** A magic-v2 record batch (uncompressed, CRC-32C set) encoded by kafkajs. */
export async function recordBatch(
  messages: { key: string | null; value: string }[],
  timestamp = Date.now(),
): Promise<Buffer> {
  const records = messages.map((m, i) => kafkajsRecord({ ...m, offsetDelta: i, timestampDelta: 0 }));
  const batch = await kafkajsRecordBatch({
    records,
    firstTimestamp: timestamp,
    maxTimestamp: timestamp,
    lastOffsetDelta: records.length - 1,
  });
  return Buffer.from(batch.buffer);
}

/** A legacy magic-v1 message set encoded by kafkajs (what pre-0.11 clients send). */
export function legacyMessageSet(messages: { key: string | null; value: string }[]): Buffer {
  return Buffer.from(
    kafkajsMessageSet({ messageVersion: 1, entries: messages.map((m) => ({ ...m, timestamp: Date.now() })) })
      .buffer,
  );
}
