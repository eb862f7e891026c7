import { afterEach, describe, expect, it } from 'vitest';
import { errorCode } from '../errors';
import {
  INITIAL_DELAY_MS,
  joinRequest,
  joinWithId,
  openTestCoordinator,
  protocols,
  rc,
  SESSION_MS,
  SETTLE_MS,
  settled,
  type TestCoordinator,
} from './testing';

const NONE = 0;
let t: TestCoordinator;

afterEach(async () => {
  await t.coordinator.close();
  expect(t.scheduler.pending).toBe(0);
});

describe('classic group rebalance', () => {
  it('single member: join waits for the initial delay, then sync and heartbeat succeed', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const join = coordinator.joinGroup(joinRequest('g1'), rc(3));
    expect(await settled(join)).toBe('pending');
    expect(coordinator.describeGroup('g1')?.groupState).toBe('PreparingRebalance');
    scheduler.advance(INITIAL_DELAY_MS);
    const joined = await join;
    expect(joined).toMatchObject({ errorCode: NONE, generationId: 1, protocolName: 'range' });
    expect(joined.leader).toBe(joined.memberId);
    expect(joined.memberId).toMatch(/^client-/);
    expect(joined.members).toEqual([
      { memberId: joined.memberId, groupInstanceId: null, metadata: Buffer.from('meta-range') },
    ]);
    expect(coordinator.describeGroup('g1')?.groupState).toBe('CompletingRebalance');

    const sync = await coordinator.syncGroup({
      groupId: 'g1',
      generationId: 1,
      memberId: joined.memberId,
      assignments: [{ memberId: joined.memberId, assignment: Buffer.from('a1') }],
    });
    expect(sync).toMatchObject({ errorCode: NONE, assignment: Buffer.from('a1') });
    expect(coordinator.heartbeat({ groupId: 'g1', generationId: 1, memberId: joined.memberId })).toEqual({
      errorCode: NONE,
    });

    const described = coordinator.describeGroups(['g1'])[0];
    expect(described).toMatchObject({
      groupState: 'Stable',
      protocolType: 'consumer',
      protocolData: 'range',
    });
    expect(described?.members[0]).toMatchObject({
      memberId: joined.memberId,
      clientId: 'client',
      clientHost: '/127.0.0.1',
      memberMetadata: Buffer.from('meta-range'),
      memberAssignment: Buffer.from('a1'),
    });
    expect(coordinator.listGroups().groups).toEqual([
      { groupId: 'g1', protocolType: 'consumer', groupState: 'Stable' },
    ]);
  });

  it('v4+: an empty member id gets MEMBER_ID_REQUIRED and a generated id to rejoin with', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const first = await coordinator.joinGroup(joinRequest('g2'), rc(4));
    expect(first.errorCode).toBe(errorCode('MEMBER_ID_REQUIRED'));
    expect(first.memberId).toMatch(/^client-[0-9a-f-]{36}$/);
    expect(first.generationId).toBe(-1);
    const second = coordinator.joinGroup(joinRequest('g2', { memberId: first.memberId }), rc(4));
    scheduler.advance(INITIAL_DELAY_MS);
    expect(await second).toMatchObject({ errorCode: NONE, memberId: first.memberId, leader: first.memberId });
    // An id the coordinator never handed out is unknown.
    const bogus = await coordinator.joinGroup(joinRequest('g2', { memberId: 'made-up' }), rc(4));
    expect(bogus.errorCode).toBe(errorCode('UNKNOWN_MEMBER_ID'));
    const unknownGroup = await coordinator.joinGroup(joinRequest('nope', { memberId: 'made-up' }), rc(4));
    expect(unknownGroup.errorCode).toBe(errorCode('UNKNOWN_MEMBER_ID'));
    expect(coordinator.describeGroup('nope')).toBeUndefined();
  });

  it('a pending member id that never rejoins expires after the session timeout', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const first = await coordinator.joinGroup(joinRequest('g3'), rc(5));
    scheduler.advance(SESSION_MS);
    const late = await coordinator.joinGroup(joinRequest('g3', { memberId: first.memberId }), rc(5));
    expect(late.errorCode).toBe(errorCode('UNKNOWN_MEMBER_ID'));
  });

  it('three members join in one rebalance; the leader assigns and followers get it from the sync', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const a = await joinWithId(coordinator, 'g4');
    const b = await joinWithId(coordinator, 'g4');
    const c = await joinWithId(coordinator, 'g4');
    scheduler.advance(SETTLE_MS);
    const [ja, jb, jc] = await Promise.all([a.join, b.join, c.join]);
    for (const j of [ja, jb, jc])
      expect(j).toMatchObject({ errorCode: NONE, generationId: 1, leader: a.memberId });
    expect(ja?.members.map((m) => m.memberId)).toEqual([a.memberId, b.memberId, c.memberId]);
    expect(jb?.members).toEqual([]);
    expect(jc?.members).toEqual([]);

    const syncOf = (memberId: string, assignments: { memberId: string; assignment: Buffer }[] = []) =>
      coordinator.syncGroup({ groupId: 'g4', generationId: 1, memberId, assignments });
    const sb = syncOf(b.memberId);
    const sc = syncOf(c.memberId);
    expect(await settled(sb)).toBe('pending');
    const sa = await syncOf(a.memberId, [
      { memberId: a.memberId, assignment: Buffer.from('A') },
      { memberId: b.memberId, assignment: Buffer.from('B') },
      // c is left out: it gets an empty assignment
    ]);
    expect(sa.assignment).toEqual(Buffer.from('A'));
    expect((await sb).assignment).toEqual(Buffer.from('B'));
    expect(await sc).toMatchObject({ errorCode: NONE, assignment: Buffer.alloc(0) });
    expect(coordinator.describeGroup('g4')?.groupState).toBe('Stable');
  });

  it('a fourth member joining a Stable group triggers a rebalance the others learn from heartbeats', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const members = [await joinWithId(coordinator, 'g5'), await joinWithId(coordinator, 'g5')];
    scheduler.advance(SETTLE_MS);
    await Promise.all(members.map((m) => m.join));
    const leader = members[0]?.memberId as string;
    await coordinator.syncGroup({ groupId: 'g5', generationId: 1, memberId: leader, assignments: [] });

    const fourth = await joinWithId(coordinator, 'g5');
    expect(await settled(fourth.join)).toBe('pending');
    expect(coordinator.describeGroup('g5')?.groupState).toBe('PreparingRebalance');
    for (const m of members) {
      const hb = coordinator.heartbeat({ groupId: 'g5', generationId: 1, memberId: m.memberId });
      expect(hb.errorCode).toBe(errorCode('REBALANCE_IN_PROGRESS'));
    }
    // Not an initial rebalance: it completes as soon as every member rejoined, without waiting.
    const rejoins = members.map((m) =>
      coordinator.joinGroup(joinRequest('g5', { memberId: m.memberId }), rc(5)),
    );
    const results = await Promise.all([...rejoins, fourth.join]);
    for (const r of results) expect(r).toMatchObject({ errorCode: NONE, generationId: 2, leader });
    expect(results[0]?.members).toHaveLength(3);
  });

  it('a follower rejoining a Stable group with unchanged metadata gets the current generation', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const a = await joinWithId(coordinator, 'g6');
    const b = await joinWithId(coordinator, 'g6');
    scheduler.advance(SETTLE_MS);
    await Promise.all([a.join, b.join]);
    await coordinator.syncGroup({ groupId: 'g6', generationId: 1, memberId: a.memberId, assignments: [] });
    const again = await coordinator.joinGroup(joinRequest('g6', { memberId: b.memberId }), rc(5));
    expect(again).toMatchObject({ errorCode: NONE, generationId: 1, leader: a.memberId, members: [] });
    expect(coordinator.describeGroup('g6')?.groupState).toBe('Stable');
    // New metadata forces a rebalance.
    const changed = coordinator.joinGroup(
      joinRequest('g6', { memberId: b.memberId, protocols: protocols('range', 'roundrobin') }),
      rc(5),
    );
    expect(await settled(changed)).toBe('pending');
    expect(coordinator.describeGroup('g6')?.groupState).toBe('PreparingRebalance');
  });

  it('the protocol is chosen by member votes among protocols every member supports', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const a = await joinWithId(coordinator, 'g7', { protocols: protocols('sticky', 'range') });
    const b = await joinWithId(coordinator, 'g7', { protocols: protocols('roundrobin', 'range', 'sticky') });
    const c = await joinWithId(coordinator, 'g7', { protocols: protocols('sticky', 'roundrobin') });
    scheduler.advance(SETTLE_MS);
    const [ja] = await Promise.all([a.join, b.join, c.join]);
    expect(ja?.protocolName).toBe('sticky');
    expect(ja?.members.map((m) => m.metadata.toString())).toEqual([
      'meta-sticky',
      'meta-sticky',
      'meta-sticky',
    ]);
  });

  it('the initial delay is extended while new members keep arriving', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const a = coordinator.joinGroup(joinRequest('g8'), rc(3));
    scheduler.advance(INITIAL_DELAY_MS - 1);
    const b = coordinator.joinGroup(joinRequest('g8'), rc(3));
    scheduler.advance(1);
    expect(await settled(a)).toBe('pending');
    scheduler.advance(INITIAL_DELAY_MS);
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.generationId).toBe(1);
    expect(rb.generationId).toBe(1);
  });
});
