/*
 * Scenario: the broker's connection limit. With maxConnections 3, a fourth client is turned away (closed
 * without a byte) while the first three keep being served; once one of them leaves, a new client gets in.
 * (The frame size limit is covered by broker.malformed.test.ts; the pre-authentication one by broker.sasl.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey, decodeResponse, encodeRequestFrame, toBuffer } from '../lib/broker/protocol';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { RawConnection } from './helpers/raw-kafka';
import { eventually } from './helpers/services';

let tb: TestBroker;

beforeAll(async () => {
  tb = await startTestBroker({ maxConnections: 3 });
});

afterAll(async () => {
  await tb?.close();
});

async function served(c: RawConnection, correlationId: number): Promise<boolean> {
  await c.write(
    toBuffer(encodeRequestFrame(ApiKey.ApiVersions, 0, { correlationId, clientId: 'limits' }, {})),
  );
  const body = decodeResponse(ApiKey.ApiVersions, 0, await c.nextFrame(), 4);
  return body.errorCode === 0;
}

describe('max connections', () => {
  it('turns the connection over the limit away and lets a new one in once a slot is free', async () => {
    const open = await Promise.all([0, 1, 2].map(() => RawConnection.open(tb.broker.port)));
    for (const [i, c] of open.entries()) expect(await served(c, i)).toBe(true);
    await eventually(() => (tb.broker.connectionCount === 3 ? true : undefined), { what: '3 connections' });

    const extra = await RawConnection.open(tb.broker.port);
    expect(await extra.expectClosedByPeer()).toBe(0);
    for (const [i, c] of open.entries()) expect(await served(c, 10 + i)).toBe(true);

    open[0]?.destroy();
    await eventually(() => (tb.broker.connectionCount === 2 ? true : undefined), { what: '2 connections' });
    const next = await RawConnection.open(tb.broker.port);
    expect(await served(next, 20)).toBe(true);
    for (const c of [...open, next]) c.destroy();
  });
});
