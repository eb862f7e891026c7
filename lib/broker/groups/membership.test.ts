import { afterEach, describe, expect, it } from 'vitest';
import { errorCode } from '../errors';
import type { GroupCoordinator } from './coordinator';
import {
  joinRequest,
  joinWithId,
  openTestCoordinator,
  protocols,
  REBALANCE_MS,
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

/** Brings `n` members of `groupId` to a Stable generation 1; returns their ids, leader first. */
async function stableGroup(groupId: string, n: number, overrides = {}): Promise<string[]> {
  const { coordinator, scheduler } = t;
  const joins = [];
  for (let i = 0; i < n; i++) joins.push(await joinWithId(coordinator, groupId, overrides));
  scheduler.advance(SETTLE_MS);
  const results = await Promise.all(joins.map((j) => j.join));
  const ids = results.map((r) => r.memberId);
  const [leader, ...followers] = ids;
  const syncs = followers.map((memberId) =>
    coordinator.syncGroup({ groupId, generationId: 1, memberId, assignments: [] }),
  );
  await coordinator.syncGroup({ groupId, generationId: 1, memberId: leader as string, assignments: [] });
  await Promise.all(syncs);
  return ids;
}

function hb(coordinator: GroupCoordinator, groupId: string, memberId: string, generationId = 1): number {
  return coordinator.heartbeat({ groupId, generationId, memberId }).errorCode;
}

describe('membership changes', () => {
  it('a leaving member triggers a rebalance; the survivor rejoins into the next generation', async () => {
    t = await openTestCoordinator();
    const { coordinator } = t;
    const [a, b] = await stableGroup('l1', 2);
    const left = coordinator.leaveGroup({ groupId: 'l1', memberId: b as string });
    expect(left).toEqual({
      errorCode: NONE,
      members: [{ memberId: b, groupInstanceId: null, errorCode: NONE }],
    });
    expect(hb(coordinator, 'l1', a as string)).toBe(errorCode('REBALANCE_IN_PROGRESS'));
    const rejoin = await coordinator.joinGroup(joinRequest('l1', { memberId: a as string }), rc());
    expect(rejoin).toMatchObject({ errorCode: NONE, generationId: 2, leader: a });
    expect(rejoin.members.map((m) => m.memberId)).toEqual([a]);
  });

  it('LeaveGroup v3 answers per member; v0–2 folds the member error into the top level', async () => {
    t = await openTestCoordinator();
    const { coordinator } = t;
    const [a, b] = await stableGroup('l2', 2);
    const batch = coordinator.leaveGroup({
      groupId: 'l2',
      members: [
        { memberId: a as string },
        { memberId: 'ghost' },
        { memberId: b as string, groupInstanceId: null },
      ],
    });
    expect(batch.errorCode).toBe(NONE);
    expect(batch.members.map((m) => m.errorCode)).toEqual([NONE, errorCode('UNKNOWN_MEMBER_ID'), NONE]);
    expect(coordinator.leaveGroup({ groupId: 'l2', memberId: 'ghost' }).errorCode).toBe(
      errorCode('UNKNOWN_MEMBER_ID'),
    );
    // A decoded v0–2 body carries the v3 field at its default (an empty list).
    const legacy = coordinator.leaveGroup({ groupId: 'l2', memberId: 'ghost', members: [] }, 2);
    expect(legacy.errorCode).toBe(errorCode('UNKNOWN_MEMBER_ID'));
    const emptyBatch = coordinator.leaveGroup({ groupId: 'l2', memberId: '', members: [] }, 3);
    expect(emptyBatch).toEqual({ errorCode: NONE, members: [] });
    expect(coordinator.leaveGroup({ groupId: 'nope', memberId: 'ghost' }).errorCode).toBe(
      errorCode('UNKNOWN_MEMBER_ID'),
    );
    expect(coordinator.leaveGroup({ groupId: '', memberId: 'x' }).errorCode).toBe(
      errorCode('INVALID_GROUP_ID'),
    );
    // Everyone left: the rebalance completes at once into an Empty generation.
    expect(coordinator.describeGroup('l2')).toMatchObject({ groupState: 'Empty', protocolType: 'consumer' });
  });

  it('session expiry removes a silent member and rebalances the group', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const [a, b] = await stableGroup('s1', 2);
    for (let elapsed = 0; elapsed < SESSION_MS + 1_000; elapsed += 3_000) {
      expect(hb(coordinator, 's1', a as string)).toBe(NONE);
      scheduler.advance(3_000);
    }
    expect(coordinator.describeGroup('s1')?.members.map((m) => m.memberId)).toEqual([a]);
    expect(hb(coordinator, 's1', a as string)).toBe(errorCode('REBALANCE_IN_PROGRESS'));
    expect(hb(coordinator, 's1', b as string)).toBe(errorCode('UNKNOWN_MEMBER_ID'));
  });

  it('a rebalance removes members that do not rejoin within the rebalance timeout', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const [a, b] = await stableGroup('r1', 2);
    const rejoin = coordinator.joinGroup(joinRequest('r1', { memberId: a as string }), rc());
    // b keeps its session alive with heartbeats but never rejoins.
    for (let elapsed = 0; elapsed < REBALANCE_MS; elapsed += 5_000) {
      expect(hb(coordinator, 'r1', b as string)).toBe(errorCode('REBALANCE_IN_PROGRESS'));
      expect(await settled(rejoin)).toBe('pending');
      scheduler.advance(5_000);
    }
    const result = await rejoin;
    expect(result).toMatchObject({ errorCode: NONE, generationId: 2, leader: a });
    expect(result.members.map((m) => m.memberId)).toEqual([a]);
    expect(hb(coordinator, 'r1', b as string)).toBe(errorCode('UNKNOWN_MEMBER_ID'));
  });

  it('leaving during a rebalance completes the parked joins of the others', async () => {
    t = await openTestCoordinator();
    const { coordinator } = t;
    const [a, b] = await stableGroup('r2', 2);
    const rejoin = coordinator.joinGroup(joinRequest('r2', { memberId: a as string }), rc());
    expect(await settled(rejoin)).toBe('pending');
    coordinator.leaveGroup({ groupId: 'r2', memberId: b as string });
    expect(await rejoin).toMatchObject({ errorCode: NONE, generationId: 2, leader: a });
  });

  it('members that never send SyncGroup are removed after the rebalance timeout', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const a = await joinWithId(coordinator, 'p1');
    const b = await joinWithId(coordinator, 'p1');
    scheduler.advance(SETTLE_MS);
    await Promise.all([a.join, b.join]);
    await coordinator.syncGroup({ groupId: 'p1', generationId: 1, memberId: a.memberId, assignments: [] });
    // b heartbeats (so its session stays alive) but never syncs.
    for (let elapsed = 0; elapsed < REBALANCE_MS; elapsed += 5_000) {
      expect(hb(coordinator, 'p1', a.memberId)).toBe(NONE);
      expect(hb(coordinator, 'p1', b.memberId)).toBe(NONE);
      scheduler.advance(5_000);
    }
    expect(coordinator.describeGroup('p1')?.members.map((m) => m.memberId)).toEqual([a.memberId]);
    expect(hb(coordinator, 'p1', a.memberId)).toBe(errorCode('REBALANCE_IN_PROGRESS'));
  });

  it('generation and member checks answer ILLEGAL_GENERATION and UNKNOWN_MEMBER_ID', async () => {
    t = await openTestCoordinator();
    const { coordinator } = t;
    const [a] = await stableGroup('e1', 1);
    const member = a as string;
    expect(hb(coordinator, 'e1', member, 7)).toBe(errorCode('ILLEGAL_GENERATION'));
    expect(hb(coordinator, 'e1', 'ghost')).toBe(errorCode('UNKNOWN_MEMBER_ID'));
    expect(hb(coordinator, 'nope', member)).toBe(errorCode('UNKNOWN_MEMBER_ID'));
    expect(hb(coordinator, '', member)).toBe(errorCode('INVALID_GROUP_ID'));
    const sync = (generationId: number, memberId: string) =>
      coordinator.syncGroup({ groupId: 'e1', generationId, memberId, assignments: [] });
    expect((await sync(0, member)).errorCode).toBe(errorCode('ILLEGAL_GENERATION'));
    expect((await sync(1, 'ghost')).errorCode).toBe(errorCode('UNKNOWN_MEMBER_ID'));
    const wrongProtocol = await coordinator.syncGroup({
      groupId: 'e1',
      generationId: 1,
      memberId: member,
      protocolName: 'roundrobin',
      assignments: [],
    });
    expect(wrongProtocol.errorCode).toBe(errorCode('INCONSISTENT_GROUP_PROTOCOL'));
  });

  it('rejects inconsistent protocols, bad session timeouts and empty group ids', async () => {
    t = await openTestCoordinator();
    const { coordinator } = t;
    await stableGroup('i1', 1);
    const otherType = await coordinator.joinGroup(joinRequest('i1', { protocolType: 'connect' }), rc());
    expect(otherType).toMatchObject({
      errorCode: errorCode('INCONSISTENT_GROUP_PROTOCOL'),
      generationId: -1,
    });
    const noOverlap = await coordinator.joinGroup(
      joinRequest('i1', { protocols: protocols('roundrobin') }),
      rc(),
    );
    expect(noOverlap.errorCode).toBe(errorCode('INCONSISTENT_GROUP_PROTOCOL'));
    const noProtocols = await coordinator.joinGroup(joinRequest('i2', { protocols: [] }), rc());
    expect(noProtocols.errorCode).toBe(errorCode('INCONSISTENT_GROUP_PROTOCOL'));
    expect(coordinator.describeGroup('i2')).toBeUndefined();
    for (const sessionTimeoutMs of [5_999, 1_800_001]) {
      const r = await coordinator.joinGroup(joinRequest('i3', { sessionTimeoutMs }), rc());
      expect(r.errorCode).toBe(errorCode('INVALID_SESSION_TIMEOUT'));
    }
    expect((await coordinator.joinGroup(joinRequest(''), rc())).errorCode).toBe(
      errorCode('INVALID_GROUP_ID'),
    );
  });

  it('a new member during the sync phase interrupts parked syncs with REBALANCE_IN_PROGRESS', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const a = await joinWithId(coordinator, 'x1');
    const b = await joinWithId(coordinator, 'x1');
    scheduler.advance(SETTLE_MS);
    await Promise.all([a.join, b.join]);
    const parked = coordinator.syncGroup({
      groupId: 'x1',
      generationId: 1,
      memberId: b.memberId,
      assignments: [],
    });
    expect(await settled(parked)).toBe('pending');
    const c = await joinWithId(coordinator, 'x1');
    expect((await parked).errorCode).toBe(errorCode('REBALANCE_IN_PROGRESS'));
    expect(await settled(c.join)).toBe('pending');
  });

  it('a retried JoinGroup of a parked member is answered together with the first', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const a = await joinWithId(coordinator, 'x2');
    const retry = coordinator.joinGroup(joinRequest('x2', { memberId: a.memberId }), rc());
    scheduler.advance(SETTLE_MS);
    const [first, second] = await Promise.all([a.join, retry]);
    expect(first).toEqual(second);
    expect(first?.members).toHaveLength(1);
  });

  it('close answers parked joins with NOT_COORDINATOR and clears every timer', async () => {
    t = await openTestCoordinator();
    const { coordinator } = t;
    const parked = coordinator.joinGroup(joinRequest('c1'), rc(3));
    await coordinator.close();
    expect((await parked).errorCode).toBe(errorCode('NOT_COORDINATOR'));
    expect(hb(coordinator, 'c1', 'x')).toBe(errorCode('COORDINATOR_NOT_AVAILABLE'));
  });
});
