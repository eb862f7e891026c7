// Scenario: the replay CLI end to end on RabbitMQ, with the archive consumer running as the server's
// background service: `replay capture` turns capture on (recorded in the store), the service archives the
// expired messages by itself, `replay list --json` shows them, `replay rabbitmq --dry-run` plans them, a
// malformed file is refused in one line (exit 2, nothing published), `replay capture --remove` restores.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../lib/cli/main';
import type { Config } from '../lib/config';
import { createLogger } from '../lib/logger';
import { ArchiveService } from '../lib/recovery/replay/rabbitmq/archive-service';
import {
  describeService,
  eventually,
  RABBITMQ_MANAGEMENT_URL,
  RABBITMQ_URL,
  uniqueName,
} from './helpers/services';
import { amqp, cleanup, mq, publishIds, type TempStore, tempStore, ttlQueue } from './replay.helpers';

describeService(['rabbitmq', 'rabbitmq-management'], 'replay CLI and the archive service', () => {
  let ts: TempStore;
  const queue = uniqueName('replay-cli');
  const saved = process.env.SPILLWAY_DATA_DIR;

  beforeAll(() => {
    ts = tempStore();
    process.env.SPILLWAY_DATA_DIR = ts.dir;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.SPILLWAY_DATA_DIR;
    else process.env.SPILLWAY_DATA_DIR = saved;
    await cleanup(queue);
    ts?.close();
  });

  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    let err = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => {
      out.push(String(s));
      return true;
    }) as typeof process.stdout.write;
    try {
      const code = await main(
        [
          'node',
          'spillway',
          '--rabbitmq',
          RABBITMQ_URL,
          '--rabbitmq-management',
          RABBITMQ_MANAGEMENT_URL,
          ...args,
        ],
        {
          out: (s) => out.push(s),
          err: (s) => {
            err += s;
          },
        },
      );
      return { code, out: out.join(''), err };
    } finally {
      process.stdout.write = write;
    }
  }

  it('capture → service archives → list → dry-run plan → bad file refused → remove', async () => {
    const { exchange, routingKey } = await ttlQueue(queue, 500);
    const on = await cli('--json', 'replay', 'capture', '--queue', queue);
    expect(on.code).toBe(0);
    expect(JSON.parse(on.out)).toMatchObject({ captured: true, effectiveDefinition: { 'message-ttl': 500 } });

    // The CLI recorded the capture in its store (same data dir): the service picks it up.
    const service = new ArchiveService({
      config: { clusters: [{ ...mq, name: 'rabbitmq' }] } as unknown as Config,
      store: ts.store,
      log: createLogger('test.archive'),
      scanMs: 200,
    });
    await service.start();
    const conn = await amqp();
    try {
      await publishIds(conn, exchange, routingKey, ['a', 'b', 'c']);
      await eventually(() => (ts.store.archive.count({ queue }) === 3 ? true : undefined), {
        what: '3 archived by the service',
      });
    } finally {
      await service.stop();
      await conn.close();
    }

    const list = await cli('--json', 'replay', 'list', '--queue', queue, '--reason', 'expired');
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.out) as {
      total: number;
      messages: Array<{ messageId: string; exchange: string }>;
    };
    expect(listed.total).toBe(3);
    expect(listed.messages.map((m) => m.messageId).sort()).toEqual(['a', 'b', 'c']);

    const plan = await cli('--json', 'replay', 'rabbitmq', '--queue', queue, '--dry-run');
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.out)).toMatchObject({ dryRun: true, count: 3, missingExchanges: [] });

    const bad = path.join(ts.dir, 'bad.ndjson');
    writeFileSync(bad, '{"id":1,"rk":"x"}\nnot json\n');
    const refused = await cli(
      'replay',
      'file',
      bad,
      '--to-rabbitmq',
      exchange,
      '--routing-key-field',
      'rk',
      '--id-field',
      'id',
      '--yes',
    );
    expect(refused.code).toBe(2); // bad input
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(refused.err).toMatch(/line 2: malformed JSON/);

    const off = await cli('--json', 'replay', 'capture', '--queue', queue, '--remove');
    expect(off.code).toBe(0);
    expect(JSON.parse(off.out)).toMatchObject({
      captured: false,
      effectiveDefinition: { 'message-ttl': 500 },
    });
    expect(ts.store.replayCaptures.list()).toEqual([]);
  });
});
