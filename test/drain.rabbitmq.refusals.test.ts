// RabbitMQ drain preconditions against the real RabbitMQ, in a vhost of its own. Each refusal must be one
// clear line and leave the vhost as it was (no temp queue declared):
// - unknown queue; factor 1 and 101; a temp queue that already exists; consumers on the source (and the
//   same with force: accepted);
// - a max-length policy matching the temp names → refused before declaring;
// - a policy JavaScript cannot read (PCRE `(?i)`) that sets message-ttl → declared, the effective policy
//   check finds it, the temp queues are deleted again.
import { connect } from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseKeySpec } from '../lib/recovery/drain-rabbitmq/key';
import { DrainRefusedError, planRabbitDrain, setupRabbitDrain } from '../lib/recovery/drain-rabbitmq/plan';
import { DrainRabbit } from '../lib/recovery/drain-rabbitmq/rabbit';
import { deleteTempQueues } from '../lib/recovery/drain-rabbitmq/restore';
import { drainCluster, publishBacklog, queueNames, vhostUrl } from './helpers/drain-rabbit';
import { describeService, uniqueName } from './helpers/services';
import { createTestVhost, deleteTestVhost, putPolicy } from './helpers/source-rabbitmq';

describeService(['rabbitmq', 'rabbitmq-management'], 'RabbitMQ drain: preconditions', () => {
  const vhost = uniqueName('drain-refusals');
  const key = parseKeySpec('header:orderId');
  let rabbit: DrainRabbit;

  const params = (queue: string, extra: Partial<{ factor: number; force: boolean }> = {}) => ({
    vhost,
    queue,
    key,
    factor: 4,
    force: false,
    ...extra,
  });

  async function refused(p: Promise<unknown>, reason: string, message: RegExp): Promise<void> {
    const error = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DrainRefusedError);
    expect((error as DrainRefusedError).reason).toBe(reason);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  }

  beforeAll(async () => {
    await createTestVhost(vhost);
    await publishBacklog(vhost, 'orders', { to: 20, keys: 5, declare: 'classic' });
    rabbit = new DrainRabbit(drainCluster(vhost), vhost);
  });

  afterAll(async () => {
    await rabbit?.close();
    await deleteTestVhost(vhost);
  });

  it('refuses an unknown queue, declaring nothing', async () => {
    await refused(setupRabbitDrain(rabbit, params('nope'), 'j1'), 'not-found', /queue "nope" not found/);
    expect(await queueNames(vhost)).toEqual(['orders']);
  });

  it('refuses factors outside 2..100', async () => {
    await refused(
      setupRabbitDrain(rabbit, params('orders', { factor: 1 }), 'j2'),
      'bad-input',
      /between 2 and 100/,
    );
    await refused(
      setupRabbitDrain(rabbit, params('orders', { factor: 101 }), 'j2'),
      'bad-input',
      /between 2 and 100/,
    );
    expect(await queueNames(vhost)).toEqual(['orders']);
  });

  it('refuses when a temp queue already exists, declaring none of the others', async () => {
    const model = await connect(vhostUrl(vhost));
    const ch = await model.createChannel();
    await ch.assertQueue('orders.drain.j3.2', { durable: true });
    await model.close();
    await refused(
      setupRabbitDrain(rabbit, params('orders'), 'j3'),
      'exists',
      /orders\.drain\.j3\.2" already exists/,
    );
    expect(await queueNames(vhost)).toEqual(['orders', 'orders.drain.j3.2']);
    await deleteTempQueues(rabbit, ['orders.drain.j3.2']);
  });

  it('refuses consumers on the source unless forced', async () => {
    const model = await connect(vhostUrl(vhost));
    const ch = await model.createChannel();
    await ch.prefetch(1);
    await ch.consume('orders', () => undefined, { noAck: false });
    try {
      const plan = await planRabbitDrain(rabbit, params('orders'), 'j4');
      expect(plan.consumers).toBe(1);
      expect(plan.warnings.map((w) => w.code)).toContain('consumers');
      await refused(
        setupRabbitDrain(rabbit, params('orders'), 'j4'),
        'consumers',
        /1 consumer\(s\).*--force/,
      );
      expect(await queueNames(vhost)).toEqual(['orders']);
      const forced = await setupRabbitDrain(rabbit, params('orders', { force: true }), 'j4');
      expect(forced.tempQueues.map((t) => t.name)).toEqual([0, 1, 2, 3].map((i) => `orders.drain.j4.${i}`));
      expect(
        await deleteTempQueues(
          rabbit,
          forced.tempQueues.map((t) => t.name),
        ),
      ).toEqual([]);
    } finally {
      await model.close();
    }
    expect(await queueNames(vhost)).toEqual(['orders']);
  });

  it('refuses a policy that would drop backlog in the temp queues, before declaring', async () => {
    await putPolicy(vhost, 'cap-drains', {
      pattern: '^orders\\.drain\\.',
      'apply-to': 'queues',
      definition: { 'max-length': 1000 },
      priority: 3,
    });
    const plan = await planRabbitDrain(rabbit, params('orders'), 'j5');
    expect(plan.tempQueues[0]).toMatchObject({ policy: 'cap-drains', dangerous: { 'max-length': 1000 } });
    await refused(setupRabbitDrain(rabbit, params('orders'), 'j5'), 'policy', /cap-drains.*max-length=1000/);
    expect(await queueNames(vhost)).toEqual(['orders']);
    // A higher-priority policy for the drain names without limits makes it safe again.
    await putPolicy(vhost, 'drains-unlimited', {
      pattern: '\\.drain\\.',
      'apply-to': 'queues',
      definition: { 'queue-mode': 'lazy' },
      priority: 9,
    });
    const ok = await setupRabbitDrain(rabbit, params('orders'), 'j5');
    expect(ok.tempQueues.every((t) => t.policy === 'drains-unlimited')).toBe(true);
    expect(
      await deleteTempQueues(
        rabbit,
        ok.tempQueues.map((t) => t.name),
      ),
    ).toEqual([]);
  });

  it('checks the effective policy after declaring and removes the temp queues when it is dangerous', async () => {
    await putPolicy(vhost, 'pcre-ttl', {
      pattern: '(?i)ORDERS\\.DRAIN\\.J6',
      'apply-to': 'queues',
      definition: { 'message-ttl': 1000 },
      priority: 20,
    });
    const plan = await planRabbitDrain(rabbit, params('orders'), 'j6');
    expect(plan.warnings.some((w) => w.code === 'policy-unknown' && w.message.includes('pcre-ttl'))).toBe(
      true,
    );
    await refused(
      setupRabbitDrain(rabbit, params('orders'), 'j6'),
      'policy',
      /orders\.drain\.j6\.0 got message-ttl=1000 from pcre-ttl.*temp queues removed/,
    );
    expect(await queueNames(vhost)).toEqual(['orders']);
  });
});
