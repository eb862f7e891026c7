import { describe, expect, it } from 'vitest';
import {
  assessQueue,
  evaluateQueueStatus,
  normaliseQueue,
  outRateSource,
  type QueueSample,
  type QueueSnapshot,
  queueEta,
} from './rabbitmq';
import { DEFAULT_STATUS_CONFIG } from './types';

const snap = (over: Partial<QueueSnapshot> = {}): QueueSnapshot => ({
  vhost: '/',
  queue: 'orders',
  type: 'quorum',
  ready: 900,
  unacked: 100,
  consumers: 2,
  manualAck: true,
  publishRate: 50,
  ackRate: 150,
  deliverGetRate: 160,
  ...over,
});
const samples = (messages: number[], consumers = 2): QueueSample[] =>
  messages.map((m, i) => ({ t: i * 10_000, messages: m, consumers }));

describe('normaliseQueue', () => {
  it('messages = ready + unacked; in = publish; out = ack for manual-ack consumers', () => {
    expect(normaliseQueue(snap(), 0)).toMatchObject({
      messages: 1000,
      inRate: 50,
      outRate: 150,
      outRateSource: 'ack',
    });
  });
  it('auto-ack consumers: out = deliver_get', () => {
    expect(normaliseQueue(snap({ manualAck: false, unacked: 0 }), 0)).toMatchObject({
      outRate: 160,
      outRateSource: 'deliver_get',
    });
  });
  it('ack mode unknown: unacked messages or ack activity imply manual acks', () => {
    expect(outRateSource({ manualAck: null, unacked: 3, ackRate: 0 })).toBe('ack');
    expect(outRateSource({ manualAck: null, unacked: 0, ackRate: 2 })).toBe('ack');
    expect(outRateSource({ manualAck: null, unacked: 0, ackRate: null })).toBe('deliver_get');
  });
  it('negative or missing counts become 0; bad rates become null', () => {
    const b = normaliseQueue(
      snap({ ready: -1, unacked: Number.NaN, publishRate: Number.NaN, ackRate: -3 }),
      0,
    );
    expect(b).toMatchObject({ ready: 0, unacked: 0, messages: 0, inRate: null, outRate: 0 });
  });
  it('head message age, never negative', () => {
    expect(normaliseQueue(snap({ headMessageTimestamp: 40_000 }), 100_000).lagSeconds).toBe(60);
    expect(normaliseQueue(snap({ headMessageTimestamp: 200_000 }), 100_000).lagSeconds).toBe(0);
    expect(normaliseQueue(snap(), 100_000).lagSeconds).toBeNull();
  });
});

describe('queueEta', () => {
  it('backlog / (ack − publish)', () => {
    expect(queueEta(normaliseQueue(snap(), 0))).toMatchObject({ seconds: 10, state: 'draining' });
  });
  it('streams are logs: no ETA', () => {
    expect(queueEta(normaliseQueue(snap({ type: 'stream' }), 0)).state).toBe('unknown');
  });
});

describe('evaluateQueueStatus', () => {
  const status = (over: Partial<QueueSnapshot>, window: QueueSample[]) =>
    evaluateQueueStatus(normaliseQueue(snap(over), 0), window, DEFAULT_STATUS_CONFIG);

  it('Q0 empty queue → OK', () => {
    expect(status({ ready: 0, unacked: 0 }, samples([5, 0]))).toMatchObject({
      status: 'OK',
      rule: 'backlog-within-allowance',
    });
  });
  it('Q1 backlog with no consumers → STOP, even with a single sample', () => {
    expect(status({ consumers: 0 }, samples([1000], 0))).toMatchObject({
      status: 'STOP',
      rule: 'no-consumers',
    });
  });
  it('Q2 emptied within the window → OK', () => {
    expect(status({}, samples([0, 400, 1000]))).toMatchObject({
      status: 'OK',
      rule: 'backlog-ever-within-allowance',
    });
  });
  it('Q3 consumers attached but nothing acked → STALL', () => {
    expect(status({ ackRate: 0 }, samples([900, 1000]))).toMatchObject({ status: 'STALL', rule: 'stalled' });
  });
  it('Q4 backlog growing while consumers work → WARN', () => {
    expect(status({ ackRate: 10 }, samples([600, 800, 1000]))).toMatchObject({
      status: 'WARN',
      rule: 'backlog-not-decreasing',
    });
  });
  it('backlog going down → OK', () => {
    expect(status({}, samples([1400, 1200, 1000]))).toMatchObject({ status: 'OK', rule: 'draining' });
  });
  it('a single sample with consumers is no evidence of slowness → OK', () => {
    expect(status({}, samples([1000]))).toMatchObject({ status: 'OK', rule: 'draining' });
  });
  it('streams are not evaluated', () => {
    expect(status({ type: 'stream', consumers: 0 }, samples([1000]))).toMatchObject({
      status: 'OK',
      rule: 'stream-not-evaluated',
      evaluated: false,
    });
  });
  it('minCompleteness holds back the window rules but not STOP', () => {
    const config = { ...DEFAULT_STATUS_CONFIG, minCompleteness: 0.5 };
    const b = normaliseQueue(snap({ ackRate: 0 }), 0);
    expect(evaluateQueueStatus(b, samples([900, 1000]), config).rule).toBe('incomplete-window');
    const gone = normaliseQueue(snap({ consumers: 0 }), 0);
    expect(evaluateQueueStatus(gone, samples([1000], 0), config).status).toBe('STOP');
  });
});

describe('assessQueue', () => {
  it('appends the current observation to the window and bounds it', () => {
    const window = samples([100, 200, 300, 400, 500, 600, 700, 800, 900, 950, 990]);
    const a = assessQueue(snap({ ackRate: 10 }), window, 200_000);
    expect(a.backlog.messages).toBe(1000);
    expect(a.status.status).toBe('WARN');
    expect(a.status.complete).toBe(1);
    expect(a.eta.state).toBe('not-draining');
  });
});
