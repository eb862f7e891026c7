import { describe, expect, it } from 'vitest';
import { cutoverOf, nextOffsetsOf, readDrainPlan, warningsOf } from './drain-plan-data';
import {
  buildRequest,
  type DrainSource,
  initialForm,
  keySpec,
  parseRate,
  stepOfJob,
  stepStatus,
  withJobId,
  workerInstructions,
} from './drain-steps';

const kafka: DrainSource = {
  kind: 'kafka',
  cluster: 'local',
  group: 'billing',
  topics: ['orders', 'refunds'],
};
const rabbit: DrainSource = { kind: 'rabbitmq', cluster: 'rmq', vhost: '/', queue: 'jobs' };

describe('drain wizard steps', () => {
  it('puts a started job on the step its state says (a reload lands there)', () => {
    expect(stepOfJob('planned')).toBe('progress');
    expect(stepOfJob('running')).toBe('progress');
    expect(stepOfJob('running', 'restore')).toBe('restore');
    expect(stepOfJob('paused', 'pause')).toBe('progress');
    expect(stepOfJob('restoring', 'restore')).toBe('restore');
    expect(stepOfJob('completed')).toBe('done');
    expect(stepOfJob('cancelled')).toBe('done');
  });

  it('marks steps before the current one done', () => {
    expect(stepStatus('plan', 'progress')).toBe('done');
    expect(stepStatus('progress', 'progress')).toBe('current');
    expect(stepStatus('restore', 'progress')).toBe('todo');
  });
});

describe('drain form → API body', () => {
  it('Kafka defaults: factor 10, unlimited rate, no force; the topic must be chosen when several', () => {
    const form = initialForm(kafka);
    expect(form).toMatchObject({ factor: '10', rate: '', force: false, topic: '' });
    expect(buildRequest(kafka, form)).toEqual({ ok: false, errors: { topic: 'choose the topic to drain' } });
    expect(buildRequest(kafka, { ...form, topic: 'orders' })).toEqual({
      ok: true,
      body: {
        cluster: 'local',
        topic: 'orders',
        group: 'billing',
        factor: 10,
        force: false,
        rateLimit: null,
      },
    });
  });

  it('preselects the only topic', () => {
    expect(initialForm({ ...kafka, topics: ['orders'] }).topic).toBe('orders');
  });

  it.each(['1', '101', '2.5', '', 'ten', '-3'])('refuses factor %j', (factor) => {
    const r = buildRequest(kafka, { ...initialForm(kafka), topic: 'orders', factor });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.factor).toBe('the factor must be a whole number from 2 to 100');
  });

  it.each([
    ['2', 2],
    ['100', 100],
    [' 16 ', 16],
  ])('accepts factor %j', (factor, n) => {
    const r = buildRequest(kafka, { ...initialForm(kafka), topic: 'orders', factor });
    expect(r.ok && r.body.factor).toBe(n);
  });

  it('rate limit: empty is unlimited, a positive whole number, nothing else', () => {
    const base = { ...initialForm(kafka), topic: 'orders' };
    const ok = buildRequest(kafka, { ...base, rate: '500', force: true });
    expect(ok.ok && ok.body).toMatchObject({ rateLimit: 500, force: true });
    for (const rate of ['0', '1.5', 'fast', '2000000']) {
      const r = buildRequest(kafka, { ...base, rate });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.rate).toMatch(/whole number of messages\/s/);
    }
  });

  it('a topic the group does not consume is refused', () => {
    const r = buildRequest(kafka, { ...initialForm(kafka), topic: 'payments' });
    expect(r.ok ? null : r.errors.topic).toBe('the group does not consume payments');
  });

  it('RabbitMQ: header key needs a name; messageId and routingKey as they are', () => {
    const form = initialForm(rabbit);
    expect(buildRequest(rabbit, form)).toEqual({
      ok: false,
      errors: { key: 'name the header whose value keeps messages in order (e.g. orderId)' },
    });
    expect(buildRequest(rabbit, { ...form, headerName: ' orderId ' })).toEqual({
      ok: true,
      body: {
        cluster: 'rmq',
        vhost: '/',
        queue: 'jobs',
        key: 'header:orderId',
        factor: 10,
        force: false,
        rateLimit: null,
      },
    });
    expect(keySpec({ keyKind: 'messageId', headerName: 'x' })).toBe('messageId');
    expect(keySpec({ keyKind: 'routingKey', headerName: '' })).toBe('routingKey');
  });

  it('live rate changes', () => {
    expect(parseRate('')).toEqual({ ok: true, rate: null });
    expect(parseRate('250')).toEqual({ ok: true, rate: 250 });
    expect(parseRate('0').ok).toBe(false);
    expect(parseRate('12.5').ok).toBe(false);
  });
});

describe('names and instructions', () => {
  it('fills the dry run’s placeholder id once the job exists', () => {
    expect(withJobId('orders.drain.j-<id>', 'j-1a2b3c4d')).toBe('orders.drain.j-1a2b3c4d');
    expect(withJobId('orders.drain.j-<id>', null)).toBe('orders.drain.j-<id>');
  });

  it('tells the operator which topic and group the workers use', () => {
    const lines = workerInstructions({
      kind: 'kafka',
      tempTopic: 'o.drain.j-1',
      tempGroup: 'g.drain.j-1',
      tempPartitions: 30,
    });
    expect(lines[0]).toBe(
      'Start up to 30 consumers (one per temp partition) of topic o.drain.j-1 with group id g.drain.j-1.',
    );
    const r = workerInstructions({ kind: 'rabbitmq', tempQueues: ['a', 'b', 'c'], vhost: '/' });
    expect(r[0]).toContain('each of the 3 temp queues in vhost /');
  });
});

describe('reading the served plans', () => {
  const kafkaPlan = {
    cluster: 'local',
    topic: 'orders',
    group: 'billing',
    factor: 10,
    sourcePartitions: 3,
    replicationFactor: 1,
    tempTopic: 'orders.drain.j-<id>',
    tempPartitions: 30,
    tempGroup: 'billing.drain.j-<id>',
    partitions: [
      { partition: 1, start: 5, end: 25, backlog: 20, committed: 5 },
      { partition: 0, start: 0, end: 10, backlog: 10, committed: null },
      { bogus: true },
    ],
    backlog: 30,
    consumeRate: null,
    etaSeconds: null,
    etaSecondsWithFactor: null,
    activeMembers: 2,
    warnings: ['group billing has 2 active members'],
  };

  it('Kafka: typed fields, malformed partitions skipped, warnings merged without repeats', () => {
    const v = readDrainPlan('drain-kafka', kafkaPlan, ['group billing has 2 active members', 'extra']);
    expect(v?.kind).toBe('kafka');
    if (v?.kind !== 'kafka') return;
    expect(v.partitions.map((p) => p.partition)).toEqual([1, 0]);
    expect(v.partitions[1]?.committed).toBeNull();
    expect(v.tempPartitions).toBe(30);
    expect(v.activeMembers).toBe(2);
    expect(v.warnings).toEqual(['group billing has 2 active members', 'extra']);
  });

  it('RabbitMQ: temp queues as names or objects, warnings as { code, message }', () => {
    const v = readDrainPlan('drain-rabbitmq', {
      vhost: '/',
      queue: 'jobs',
      key: 'header:orderId',
      factor: 2,
      tempQueues: [{ name: 'jobs.drain.j-1.0', policy: 'ha' }, 'jobs.drain.j-1.1'],
      ready: 100,
      unacked: 0,
      consumers: 1,
      warnings: [{ code: 'consumers', message: 'queue jobs has 1 consumer' }],
    });
    expect(v?.kind).toBe('rabbitmq');
    if (v?.kind !== 'rabbitmq') return;
    expect(v.tempQueues).toEqual([
      { name: 'jobs.drain.j-1.0', policy: 'ha' },
      { name: 'jobs.drain.j-1.1', policy: null },
    ]);
    expect(v.warnings).toEqual(['queue jobs has 1 consumer']);
  });

  it('other kinds, and plans missing their names, read as null', () => {
    expect(readDrainPlan('replay-kafka', kafkaPlan)).toBeNull();
    expect(readDrainPlan('drain-kafka', { topic: 'x' })).toBeNull();
    expect(warningsOf({ warnings: 'not a list' })).toEqual([]);
  });

  it('cut-over and next offsets from the checkpoint', () => {
    expect(cutoverOf({ next: { '0': 3 } })).toBeNull();
    expect(cutoverOf({ cutover: { '2': 40, '0': 10, x: 'y' } })).toEqual([
      { partition: 0, offset: 10 },
      { partition: 2, offset: 40 },
    ]);
    expect([...nextOffsetsOf({ next: { '1': 7, '0': 'bad' } })]).toEqual([[1, 7]]);
  });
});
