import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseConnectionError, type FrameHandler } from './connection';
import { FrameReader, FrameTooLargeError, InvalidFrameSizeError } from './frame-reader';
import { Listener } from './listener';

function frame(payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32BE(payload.length, 0);
  return Buffer.concat([head, payload]);
}

describe('FrameReader', () => {
  it('reassembles frames from any chunking of the stream', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 30 }),
        (payloads, cuts) => {
          const stream = Buffer.concat(payloads.map((p) => frame(Buffer.from(p))));
          const reader = new FrameReader(1024);
          const got: Buffer[] = [];
          let pos = 0;
          let i = 0;
          while (pos < stream.length) {
            const n = cuts[i++ % cuts.length] as number;
            got.push(...reader.push(stream.subarray(pos, pos + n)));
            pos += n;
          }
          expect(got.map((b) => [...b])).toEqual(payloads.map((p) => [...p]));
          expect(reader.pending).toBe(0);
        },
      ),
    );
  });

  it('rejects negative and oversized frame sizes before buffering the payload', () => {
    const neg = Buffer.alloc(4);
    neg.writeInt32BE(-5, 0);
    expect(() => new FrameReader(100).push(neg)).toThrow(InvalidFrameSizeError);
    const big = Buffer.alloc(4);
    big.writeInt32BE(101, 0);
    expect(() => new FrameReader(100).push(big)).toThrow(FrameTooLargeError);
  });

  it('returns the frames before a bad size first, and throws on the next push', () => {
    const big = Buffer.alloc(4);
    big.writeInt32BE(101, 0);
    const reader = new FrameReader(100);
    const got = reader.push(Buffer.concat([frame(Buffer.from('a')), frame(Buffer.from('b')), big]));
    expect(got.map(String)).toEqual(['a', 'b']);
    expect(() => reader.push(Buffer.alloc(0))).toThrow(FrameTooLargeError);
  });
});

describe('Listener over TCP', () => {
  const listeners: Listener[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    for (const l of listeners.splice(0)) await l.close(100);
  });

  async function start(
    handler: FrameHandler,
    opts: { maxConnections?: number; maxFrameBytes?: number } = {},
  ) {
    const l = new Listener({
      host: '127.0.0.1',
      port: 0,
      maxConnections: opts.maxConnections ?? 10,
      maxFrameBytes: opts.maxFrameBytes ?? 1024,
      handler,
    });
    listeners.push(l);
    return l.listen();
  }

  /** A client that collects response frames and knows when the server closed it. */
  async function client(port: number) {
    const s = connect(port, '127.0.0.1');
    sockets.push(s);
    await new Promise<void>((r) => s.once('connect', () => r()));
    const reader = new FrameReader(1 << 20);
    const frames: Buffer[] = [];
    const closed = new Promise<void>((r) => s.once('close', () => r()));
    s.on('data', (d: Buffer) => frames.push(...reader.push(d)));
    s.on('error', () => undefined);
    const waitFor = async (n: number) => {
      for (let i = 0; i < 500 && frames.length < n; i++) await new Promise((r) => setTimeout(r, 5));
      return frames;
    };
    return { s, frames, closed, waitFor };
  }

  it('answers pipelined requests in request order even when handlers finish out of order', async () => {
    const port = await start(async (f) => {
      const n = f.readUInt8(0);
      await new Promise((r) => setTimeout(r, (10 - n) * 3));
      return [frame(Buffer.from([n]))];
    });
    const c = await client(port);
    c.s.write(Buffer.concat([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => frame(Buffer.from([n])))));
    const got = await c.waitFor(10);
    expect(got.map((b) => b.readUInt8(0))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('sends nothing for a request answered with null (acks=0) and keeps order for the rest', async () => {
    const port = await start((f) => (f.readUInt8(0) % 2 === 0 ? null : [frame(f)]));
    const c = await client(port);
    c.s.write(Buffer.concat([1, 2, 3, 4, 5].map((n) => frame(Buffer.from([n])))));
    const got = await c.waitFor(3);
    expect(got.map((b) => b.readUInt8(0))).toEqual([1, 3, 5]);
  });

  it('a failing request closes only its own connection; other clients carry on', async () => {
    const port = await start((f) => {
      if (f.toString() === 'bad') throw new CloseConnectionError('malformed');
      return [frame(f)];
    });
    const bad = await client(port);
    const good = await client(port);
    bad.s.write(frame(Buffer.from('bad')));
    await bad.closed;
    good.s.write(frame(Buffer.from('ok')));
    expect((await good.waitFor(1)).map(String)).toEqual(['ok']);
  });

  it('answers the requests before a refused one, then closes without reading further', async () => {
    const seen: string[] = [];
    // refused synchronously, as the dispatcher refuses undecodable or unserved requests
    const port = await start((f) => {
      seen.push(f.toString());
      if (f.toString() === 'bad') throw new CloseConnectionError('malformed');
      if (f.toString() === 'slow') return new Promise((r) => setTimeout(() => r([frame(f)]), 30));
      return [frame(f)];
    });
    const c = await client(port);
    c.s.write(Buffer.concat(['ok', 'slow', 'bad', 'after'].map((t) => frame(Buffer.from(t)))));
    await c.closed;
    expect(c.frames.map(String)).toEqual(['ok', 'slow']);
    expect(seen).toEqual(['ok', 'slow', 'bad']);
  });

  it('answers the frames before an oversized size prefix, then closes', async () => {
    const port = await start((f) => [frame(f)], { maxFrameBytes: 16 });
    const c = await client(port);
    const big = Buffer.alloc(4);
    big.writeInt32BE(17, 0);
    c.s.write(Buffer.concat([frame(Buffer.from('a')), frame(Buffer.from('b')), big]));
    await c.closed;
    expect(c.frames.map(String)).toEqual(['a', 'b']);
  });

  it('closes a connection that announces a frame above the size limit', async () => {
    const port = await start((f) => [frame(f)], { maxFrameBytes: 16 });
    const c = await client(port);
    c.s.write(frame(Buffer.alloc(17)));
    await c.closed;
    expect(c.frames).toHaveLength(0);
  });

  it('refuses connections beyond maxConnections', async () => {
    const port = await start((f) => [frame(f)], { maxConnections: 2 });
    const a = await client(port);
    const b = await client(port);
    const c = await client(port);
    await c.closed;
    a.s.write(frame(Buffer.from('a')));
    b.s.write(frame(Buffer.from('b')));
    expect((await a.waitFor(1)).map(String)).toEqual(['a']);
    expect((await b.waitFor(1)).map(String)).toEqual(['b']);
  });
});
