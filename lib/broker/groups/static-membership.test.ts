import { afterEach, describe, expect, it } from 'vitest';
import { errorCode } from '../errors';
import {
  joinRequest,
  openTestCoordinator,
  REBALANCE_MS,
  rc,
  SESSION_MS,
  SETTLE_MS,
  type TestCoordinator,
} from './testing';

const NONE = 0;
let t: TestCoordinator;

afterEach(async () => {
  await t.coordinator.close();
  expect(t.scheduler.pending).toBe(0);
});

describe('static membership (KIP-345, JoinGroup v5 group.instance.id)', () => {
  it('static members (KIP-345) rejoin without a rebalance and fence their old member id', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const joinA = coordinator.joinGroup(joinRequest('st', { groupInstanceId: 'host-a' }), rc(5));
    const joinB = coordinator.joinGroup(joinRequest('st', { groupInstanceId: 'host-b' }), rc(5));
    scheduler.advance(SETTLE_MS);
    const [a, b] = await Promise.all([joinA, joinB]);
    expect(a.memberId).toMatch(/^host-a-/);
    expect(a.members.map((m) => m.groupInstanceId)).toEqual(['host-a', 'host-b']);
    const assignments = [
      { memberId: a.memberId, assignment: Buffer.from('A') },
      { memberId: b.memberId, assignment: Buffer.from('B') },
    ];
    const syncB = coordinator.syncGroup({
      groupId: 'st',
      generationId: 1,
      memberId: b.memberId,
      assignments: [],
    });
    await coordinator.syncGroup({ groupId: 'st', generationId: 1, memberId: a.memberId, assignments });
    await syncB;

    // host-b restarts: same instance id, no member id. It takes over without a rebalance.
    const again = await coordinator.joinGroup(joinRequest('st', { groupInstanceId: 'host-b' }), rc(5));
    expect(again).toMatchObject({ errorCode: NONE, generationId: 1, leader: a.memberId, members: [] });
    expect(again.memberId).not.toBe(b.memberId);
    expect(coordinator.describeGroup('st')?.groupState).toBe('Stable');
    const sync = await coordinator.syncGroup({
      groupId: 'st',
      generationId: 1,
      memberId: again.memberId,
      groupInstanceId: 'host-b',
      assignments: [],
    });
    expect(sync.assignment).toEqual(Buffer.from('B'));
    const fenced = coordinator.heartbeat({
      groupId: 'st',
      generationId: 1,
      memberId: b.memberId,
      groupInstanceId: 'host-b',
    });
    expect(fenced.errorCode).toBe(errorCode('FENCED_INSTANCE_ID'));
    // Admin removal by instance id (LeaveGroup v3+, empty member id).
    const removed = coordinator.leaveGroup({
      groupId: 'st',
      members: [{ memberId: '', groupInstanceId: 'host-b' }],
    });
    expect(removed.members[0]?.errorCode).toBe(NONE);
    expect(coordinator.describeGroup('st')?.groupState).toBe('PreparingRebalance');
  });

  it('static members that miss a rebalance stay in the group until their session expires', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const ja = coordinator.joinGroup(joinRequest('x3', { groupInstanceId: 'a' }), rc(5));
    const jb = coordinator.joinGroup(joinRequest('x3', { groupInstanceId: 'b' }), rc(5));
    scheduler.advance(SETTLE_MS);
    const [a, b] = await Promise.all([ja, jb]);
    await coordinator.syncGroup({ groupId: 'x3', generationId: 1, memberId: a.memberId, assignments: [] });
    await coordinator.syncGroup({ groupId: 'x3', generationId: 1, memberId: b.memberId, assignments: [] });
    const rejoin = coordinator.joinGroup(
      joinRequest('x3', { memberId: a.memberId, groupInstanceId: 'a' }),
      rc(5),
    );
    for (let elapsed = 0; elapsed < REBALANCE_MS; elapsed += 5_000) {
      coordinator.heartbeat({ groupId: 'x3', generationId: 1, memberId: b.memberId, groupInstanceId: 'b' });
      scheduler.advance(5_000);
    }
    const result = await rejoin;
    expect(result.generationId).toBe(2);
    expect(result.members.map((m) => m.groupInstanceId)).toEqual(['a', 'b']);
    // b (not rejoined) is in generation 2 but silent: its session runs out; a keeps heartbeating.
    for (let elapsed = 0; elapsed <= SESSION_MS; elapsed += 5_000) {
      coordinator.heartbeat({ groupId: 'x3', generationId: 2, memberId: a.memberId, groupInstanceId: 'a' });
      scheduler.advance(5_000);
    }
    expect(coordinator.describeGroup('x3')?.members.map((m) => m.groupInstanceId)).toEqual(['a']);
  });
});
