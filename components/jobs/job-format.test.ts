import { describe, expect, it } from 'vitest';
import {
  appendPoint,
  auditParams,
  checkpointRows,
  formatJobEta,
  formatProgress,
  formatRateLimit,
  isTerminal,
  jobControls,
  jobKindLabel,
  jobStateLabel,
  jobStateTone,
  pointsFromSamples,
} from './job-format';

describe('jobControls: what a job offers in each state (mirrors the server refusals)', () => {
  const drain = (state: string, desiredState = 'run') =>
    jobControls({ kind: 'drain-kafka', state: state as never, desiredState: desiredState as never });
  it.each([
    ['planned', 'run', ['cancel', 'rate']],
    ['running', 'run', ['pause', 'restore', 'cancel', 'rate']],
    ['running', 'pause', ['restore', 'cancel', 'rate']],
    ['running', 'restore', ['pause', 'cancel', 'rate']],
    ['paused', 'pause', ['resume', 'restore', 'cancel', 'rate']],
    ['restoring', 'restore', ['cancel', 'rate']],
    ['completed', 'run', []],
    ['cancelled', 'cancel', []],
    ['failed', 'run', []],
  ])('a drain %s (asked %s) → %j', (state, desired, expected) => {
    expect(drain(state, desired)).toEqual(expected);
  });

  it('replay jobs have no restore', () => {
    expect(jobControls({ kind: 'replay-rabbitmq', state: 'running', desiredState: 'run' })).toEqual([
      'pause',
      'cancel',
      'rate',
    ]);
    expect(jobControls({ kind: 'replay-file', state: 'paused', desiredState: 'pause' })).toEqual([
      'resume',
      'cancel',
      'rate',
    ]);
  });
});

describe('job words', () => {
  it('labels states and kinds, keeping unknown ones as they are', () => {
    expect(jobStateLabel('restoring')).toBe('Restoring');
    expect(jobStateLabel('exploded')).toBe('exploded');
    expect(jobKindLabel('drain-rabbitmq')).toBe('Drain (RabbitMQ)');
    expect(jobKindLabel('replay-kafka')).toBe('Replay (Kafka range)');
    expect(jobKindLabel('something-new')).toBe('something-new');
  });

  it('tones: failed is red, paused amber, running green, unknown muted', () => {
    expect(jobStateTone('failed')).toBe('err');
    expect(jobStateTone('paused')).toBe('warn');
    expect(jobStateTone('running')).toBe('ok');
    expect(jobStateTone('nope')).toBe('muted');
  });

  it('terminal states', () => {
    expect(['completed', 'cancelled', 'failed'].every(isTerminal)).toBe(true);
    expect(['planned', 'running', 'paused', 'restoring'].some(isTerminal)).toBe(false);
  });

  it('progress with and without a total', () => {
    expect(formatProgress(1234, 10_000)).toBe('1,234 / 10,000 (12%)');
    expect(formatProgress(0, 0)).toBe('0 / 0 (100%)');
    expect(formatProgress(12, 10)).toBe('12 / 10 (100%)');
    expect(formatProgress(77, null)).toBe('77');
  });

  it('ETA by state', () => {
    expect(formatJobEta('running', 245)).toBe('~4m 05s');
    expect(formatJobEta('running', null)).toBe('unknown');
    expect(formatJobEta('running', 0)).toBe('all dispatched');
    expect(formatJobEta('paused', 30)).toBe('paused');
    expect(formatJobEta('planned', null)).toBe('not started');
    expect(formatJobEta('completed', null)).toBe('done');
    expect(formatJobEta('cancelled', 10)).toBe('—');
  });

  it('rate limits', () => {
    expect(formatRateLimit(null)).toBe('unlimited');
    expect(formatRateLimit(2000)).toBe('2,000 msg/s');
  });

  it('audit params leave out the repeated source key; checkpoints are cut to 200 characters', () => {
    expect(auditParams({ source: 'kafka:x/y/z', rate: 500, cutover: { '0': 12 } })).toBe(
      'rate=500, cutover={"0":12}',
    );
    expect(auditParams(null)).toBe('');
    const rows = checkpointRows({ next: 'x'.repeat(300), n: 3 });
    expect(rows[0]?.[1]).toHaveLength(200);
    expect(rows[1]).toEqual(['n', '3']);
  });
});

describe('chart points from polling', () => {
  it('derives the rate between polls and what is left', () => {
    let h = appendPoint([], { at: 1_000, done: 0, total: 100 });
    h = appendPoint(h, { at: 3_000, done: 40, total: 100 });
    expect(h).toEqual([
      { t: 1_000, done: 0, rate: null, remaining: 100 },
      { t: 3_000, done: 40, rate: 20, remaining: 60 },
    ]);
  });

  it('ignores a poll that is not newer, and starts over when done goes backwards (another job)', () => {
    const h = appendPoint(appendPoint([], { at: 1_000, done: 5, total: null }), {
      at: 2_000,
      done: 9,
      total: null,
    });
    expect(appendPoint(h, { at: 2_000, done: 50, total: null })).toBe(h);
    const restarted = appendPoint(h, { at: 3_000, done: 1, total: null });
    expect(restarted).toEqual([{ t: 3_000, done: 1, rate: null, remaining: null }]);
  });

  it('keeps at most `max` points', () => {
    let h = appendPoint([], { at: 0, done: 0, total: 10 });
    for (let i = 1; i <= 10; i++) h = appendPoint(h, { at: i * 1000, done: i, total: 10 }, 4);
    expect(h.map((p) => p.t)).toEqual([7000, 8000, 9000, 10_000]);
    expect(h.at(-1)?.remaining).toBe(0);
  });

  it('builds points from the stored samples', () => {
    const pts = pointsFromSamples(
      [
        { at: 0, done: 0 },
        { at: 1000, done: 10 },
        { at: 2000, done: 30 },
      ],
      30,
    );
    expect(pts.map((p) => p.rate)).toEqual([null, 10, 20]);
    expect(pts.map((p) => p.remaining)).toEqual([30, 20, 0]);
  });
});
