// A TCP proxy in front of a broker that can cut a connection instead of delivering a chosen response:
// the request was served (e.g. a Produce appended), the client never hears of it and must retry.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface ProxyOptions {
  listenHost: string;
  listenPort: number;
  targetHost: string;
  targetPort: number;
  /**
   * Called for each response with the api key of its request; returning true drops the response and
   * closes the client's connection.
   */
  cutBeforeResponse?: (apiKey: number) => boolean;
}

/** Splits a byte stream into Kafka frames (size prefix included) as they complete. */
class FrameSplitter {
  private buf: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const frames: Buffer[] = [];
    while (this.buf.length >= 4) {
      const size = this.buf.readInt32BE(0);
      if (this.buf.length < 4 + size) break;
      frames.push(this.buf.subarray(0, 4 + size));
      this.buf = this.buf.subarray(4 + size);
    }
    return frames;
  }
}

export class FaultyProxy {
  /** Responses dropped so far, by api key. */
  readonly cuts = new Map<number, number>();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly opts: ProxyOptions) {
    this.server = createServer((client) => this.accept(client));
  }

  static async start(opts: ProxyOptions): Promise<FaultyProxy> {
    const proxy = new FaultyProxy(opts);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(opts.listenPort, opts.listenHost, () => resolve());
    });
    return proxy;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const upstream = connect({ host: this.opts.targetHost, port: this.opts.targetPort });
    this.sockets.add(client);
    this.sockets.add(upstream);
    const apiKeys = new Map<number, number>();
    const requests = new FrameSplitter();
    const responses = new FrameSplitter();
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      for (const frame of requests.push(chunk)) {
        if (frame.length >= 12) apiKeys.set(frame.readInt32BE(8), frame.readInt16BE(4));
        upstream.write(frame);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      for (const frame of responses.push(chunk)) {
        const correlationId = frame.readInt32BE(4);
        const apiKey = apiKeys.get(correlationId) ?? -1;
        apiKeys.delete(correlationId);
        if (this.opts.cutBeforeResponse?.(apiKey)) {
          this.cuts.set(apiKey, (this.cuts.get(apiKey) ?? 0) + 1);
          closeBoth();
          return;
        }
        client.write(frame);
      }
    });
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
  }
}
