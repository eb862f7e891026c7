import { describe, expect, it } from 'vitest';
import { Lane, type LaneWriter } from './lane';

interface Rec {
  offset: number;
}
const msg = (offset: number): Rec => ({ offset });
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => msg(from + i));

/** A writer whose sends wait until released, recording what was sent and how many were in flight. */
function gatedWriter(chunk = 3) {
  const sent: number[][] = [];
  const upTo: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let release: (() => void) | null = null;
  let stopped = false;
  let failed: unknown = null;
  let failNext: Error | null = null;
  const writer: LaneWriter<Rec> = {
    async send(c, to) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((r) => {
        release = r;
      });
      inFlight -= 1;
      if (failNext) throw failNext;
      sent.push(c.map((m) => m.offset));
      upTo.push(to);
    },
    chunkSize: () => chunk,
    acquire: async () => undefined,
    stopped: () => stopped,
    fail: (err) => {
      failed = err;
      stopped = true;
    },
  };
  return {
    writer,
    sent,
    upTo,
    maxInFlight: () => maxInFlight,
    failed: () => failed,
    stop: () => {
      stopped = true;
    },
    failWith: (e: Error) => {
      failNext = e;
    },
    /** Lets the send in flight finish and gives the lane a turn to start the next one. */
    async step() {
      await new Promise((res) => setImmediate(res));
      const r = release;
      release = null;
      r?.();
      for (let i = 0; i < 5; i++) await Promise.resolve();
      await new Promise((res) => setImmediate(res));
    },
  };
}

describe('Lane', () => {
  it('sends in offset order, one chunk at a time, and skips records below its read position', async () => {
    const g = gatedWriter(3);
    const lane = new Lane(0, 5, g.writer, 100);
    lane.push(range(0, 9)); // 0..4 are below the checkpoint
    lane.push(range(7, 12)); // 7 and 8 again (a re-delivered fetch)
    expect(lane.queued).toBe(7);
    for (let i = 0; i < 4; i++) await g.step();
    await lane.settled();
    expect(g.sent).toEqual([[5, 6, 7], [8, 9, 10], [11]]);
    expect(g.upTo).toEqual([8, 11, 12]);
    expect(g.maxInFlight()).toBe(1);
    expect(lane.queued).toBe(0);
  });

  it('holds the reader back while more than readAhead records wait, and lets it go as they are sent', async () => {
    const g = gatedWriter(4);
    const lane = new Lane(0, 0, g.writer, 5);
    lane.push(range(0, 10));
    let roomy = false;
    const waiting = lane
      .room(async () => undefined)
      .then(() => {
        roomy = true;
      });
    await new Promise((r) => setImmediate(r));
    expect(roomy).toBe(false);
    await g.step(); // 4 sent: 6 wait, still more than 5
    expect(roomy).toBe(false);
    await g.step(); // 8 sent: 2 wait
    await waiting;
    expect(roomy).toBe(true);
    expect(g.sent.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('stops after the chunk in flight when the dispatcher stops; the rest stays unsent', async () => {
    const g = gatedWriter(2);
    const lane = new Lane(3, 0, g.writer, 100);
    lane.push(range(0, 6));
    await new Promise((r) => setImmediate(r)); // the first chunk is in flight
    g.stop();
    await g.step();
    await lane.settled();
    expect(g.sent).toEqual([[0, 1]]);
    expect(lane.queued).toBe(4);
  });

  it('reports a failed send and sends nothing after it', async () => {
    const g = gatedWriter(2);
    const lane = new Lane(0, 0, g.writer, 100);
    lane.push(range(0, 6));
    await g.step();
    g.failWith(new Error('broker gone'));
    await g.step();
    await lane.settled();
    expect((g.failed() as Error).message).toBe('broker gone');
    expect(g.sent).toEqual([[0, 1]]);
  });

  it('moves past offsets without records: after the last record of a read, or alone when nothing is queued', async () => {
    const g = gatedWriter(10);
    const lane = new Lane(0, 0, g.writer, 100);
    lane.push(range(0, 3), 5); // offsets 3 and 4: a transaction marker, say
    expect(lane.position).toBe(5);
    await g.step();
    lane.push([], 9); // a read of only aborted records
    await g.step();
    await g.step();
    await lane.settled();
    expect(g.sent).toEqual([[0, 1, 2], []]);
    expect(g.upTo).toEqual([5, 9]);
    lane.push(range(7, 10), 0); // re-delivered below the position: nothing to send
    await new Promise((r) => setImmediate(r));
    expect(lane.queued).toBe(1);
  });
});
