import { afterEach, describe, expect, it } from 'vitest';
import { errorCode } from '../errors';
import { ManualScheduler } from './clock';
import { GROUP_DEFAULTS } from './config';
import { GroupCoordinator } from './coordinator';
import { joinRequest, openTestCoordinator, rc, SETTLE_MS, type TestCoordinator } from './testing';
import type { OffsetCommitRequest } from './types';

const NONE = 0;
let t: TestCoordinator;

afterEach(async () => {
  await t.coordinator.close();
  expect(t.scheduler.pending).toBe(0);
});

function commit(
  coordinator: GroupCoordinator,
  groupId: string,
  offsets: Record<string, number[]>,
  extra: Partial<OffsetCommitRequest> = {},
) {
  return coordinator.commitOffsets({
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    topics: Object.entries(offsets).map(([name, values]) => ({
      name,
      partitions: values.map((committedOffset, partitionIndex) => ({
        partitionIndex,
        committedOffset,
        committedLeaderEpoch: 3,
        committedMetadata: `m${committedOffset}`,
      })),
    })),
    ...extra,
  });
}

function codes(result: Awaited<ReturnType<typeof commit>>): number[] {
  return result.topics.flatMap((topic) => topic.partitions.map((p) => p.errorCode));
}

async function singleMemberGroup(groupId: string): Promise<string> {
  const join = t.coordinator.joinGroup(joinRequest(groupId), rc(3));
  t.scheduler.advance(SETTLE_MS);
  const { memberId } = await join;
  await t.coordinator.syncGroup({ groupId, generationId: 1, memberId, assignments: [] });
  return memberId;
}

describe('offset commit and fetch', () => {
  it('an admin commit (generation -1, no member) creates a simple Empty group; fetch returns it', async () => {
    t = await openTestCoordinator();
    const { coordinator } = t;
    expect(codes(await commit(coordinator, 'admin', { orders: [10, 20] }))).toEqual([NONE, NONE]);
    expect(coordinator.listGroups().groups).toEqual([
      { groupId: 'admin', protocolType: '', groupState: 'Empty' },
    ]);
    const fetched = coordinator.fetchOffsets({
      groupId: 'admin',
      topics: [{ name: 'orders', partitionIndexes: [1, 0, 7] }],
    });
    expect(fetched).toEqual({
      errorCode: NONE,
      topics: [
        {
          name: 'orders',
          partitions: [
            {
              partitionIndex: 1,
              committedOffset: 20,
              committedLeaderEpoch: 3,
              metadata: 'm20',
              errorCode: NONE,
            },
            {
              partitionIndex: 0,
              committedOffset: 10,
              committedLeaderEpoch: 3,
              metadata: 'm10',
              errorCode: NONE,
            },
            {
              partitionIndex: 7,
              committedOffset: -1,
              committedLeaderEpoch: -1,
              metadata: '',
              errorCode: NONE,
            },
          ],
        },
      ],
    });
    const all = coordinator.fetchOffsets({ groupId: 'admin', topics: null });
    expect(all.topics.map((x) => [x.name, x.partitions.map((p) => p.committedOffset)])).toEqual([
      ['orders', [10, 20]],
    ]);
    expect(coordinator.fetchOffsets({ groupId: 'unknown', topics: null })).toEqual({
      errorCode: NONE,
      topics: [],
    });
    expect(coordinator.committedOffsets('admin').map((o) => [o.topic, o.partition, o.offset])).toEqual([
      ['orders', 0, 10],
      ['orders', 1, 20],
    ]);
  });

  it('members commit with their generation; outsiders and stale generations are rejected', async () => {
    t = await openTestCoordinator();
    const { coordinator } = t;
    const memberId = await singleMemberGroup('active');
    const asMember = { generationIdOrMemberEpoch: 1, memberId };
    expect(codes(await commit(coordinator, 'active', { orders: [5] }, asMember))).toEqual([NONE]);
    expect(codes(await commit(coordinator, 'active', { orders: [6] }))).toEqual([
      errorCode('UNKNOWN_MEMBER_ID'),
    ]);
    const stale = { generationIdOrMemberEpoch: 0, memberId };
    expect(codes(await commit(coordinator, 'active', { orders: [7] }, stale))).toEqual([
      errorCode('ILLEGAL_GENERATION'),
    ]);
    const stranger = { generationIdOrMemberEpoch: 1, memberId: 'ghost' };
    expect(codes(await commit(coordinator, 'active', { orders: [8] }, stranger))).toEqual([
      errorCode('UNKNOWN_MEMBER_ID'),
    ]);
    const noGroup = { generationIdOrMemberEpoch: 3, memberId: 'ghost' };
    expect(codes(await commit(coordinator, 'none', { orders: [1] }, noGroup))).toEqual([
      errorCode('ILLEGAL_GENERATION'),
    ]);
    expect(coordinator.describeGroup('none')).toBeUndefined();
    expect(coordinator.committedOffsets('active').map((o) => o.offset)).toEqual([5]);

    // After the member leaves, the group is Empty and admin tools may reset it.
    coordinator.leaveGroup({ groupId: 'active', memberId });
    expect(coordinator.describeGroup('active')?.groupState).toBe('Empty');
    expect(codes(await commit(coordinator, 'active', { orders: [0] }))).toEqual([NONE]);
    expect(coordinator.committedOffsets('active').map((o) => o.offset)).toEqual([0]);
  });

  it('commits during the sync phase get REBALANCE_IN_PROGRESS; oversized metadata is refused per partition', async () => {
    t = await openTestCoordinator();
    const { coordinator, scheduler } = t;
    const join = coordinator.joinGroup(joinRequest('sync-phase'), rc(3));
    scheduler.advance(SETTLE_MS);
    const { memberId } = await join;
    const asMember = { generationIdOrMemberEpoch: 1, memberId };
    expect(codes(await commit(coordinator, 'sync-phase', { t: [1] }, asMember))).toEqual([
      errorCode('REBALANCE_IN_PROGRESS'),
    ]);
    const big = await coordinator.commitOffsets({
      groupId: 'simple',
      topics: [
        {
          name: 't',
          partitions: [
            {
              partitionIndex: 0,
              committedOffset: 1,
              committedMetadata: 'x'.repeat(GROUP_DEFAULTS.offsetMetadataMaxBytes + 1),
            },
            { partitionIndex: 1, committedOffset: 2, committedMetadata: null },
          ],
        },
      ],
    });
    expect(codes(big)).toEqual([errorCode('OFFSET_METADATA_TOO_LARGE'), NONE]);
    expect(coordinator.committedOffsets('simple')).toMatchObject([
      { partition: 1, offset: 2, metadata: '', leaderEpoch: -1 },
    ]);
  });
});

describe('offset commit for unknown partitions', () => {
  it('answers UNKNOWN_TOPIC_OR_PARTITION first; group errors apply to the partitions that exist', async () => {
    const scheduler = new ManualScheduler();
    const coordinator = await GroupCoordinator.open({
      scheduler,
      partitionExists: (topic, partition) => topic === 'real' && partition < 2,
    });
    t = { coordinator, scheduler };
    const result = await commit(coordinator, 'g', { real: [1, 2, 3], fake: [4] });
    expect(codes(result)).toEqual([
      NONE,
      NONE,
      errorCode('UNKNOWN_TOPIC_OR_PARTITION'),
      errorCode('UNKNOWN_TOPIC_OR_PARTITION'),
    ]);
    const stale = await commit(
      coordinator,
      'nope',
      { real: [1], fake: [1] },
      { generationIdOrMemberEpoch: 4, memberId: 'm' },
    );
    expect(codes(stale)).toEqual([errorCode('ILLEGAL_GENERATION'), errorCode('UNKNOWN_TOPIC_OR_PARTITION')]);
  });
});

describe('group administration', () => {
  it('DeleteGroups: unknown -> GROUP_ID_NOT_FOUND, active -> NON_EMPTY_GROUP, Empty -> deleted with offsets', async () => {
    t = await openTestCoordinator();
    const { coordinator } = t;
    await singleMemberGroup('busy');
    await commit(coordinator, 'idle', { orders: [3] });
    const results = await coordinator.deleteGroups(['ghost', 'busy', 'idle']);
    expect(results).toEqual([
      { groupId: 'ghost', errorCode: errorCode('GROUP_ID_NOT_FOUND') },
      { groupId: 'busy', errorCode: errorCode('NON_EMPTY_GROUP') },
      { groupId: 'idle', errorCode: NONE },
    ]);
    expect(coordinator.describeGroups(['idle'])[0]).toMatchObject({
      errorCode: NONE,
      groupState: 'Dead',
      members: [],
    });
    expect(coordinator.committedOffsets('idle')).toEqual([]);
    expect(coordinator.listGroups().groups.map((g) => g.groupId)).toEqual(['busy']);
  });

  it('offsets of an Empty group expire after the retention period; explicit retention times are honoured', async () => {
    const retentionMs = 60_000;
    t = await openTestCoordinator({
      offsetsRetentionMs: retentionMs,
      offsetsRetentionCheckIntervalMs: 10_000,
    });
    const { coordinator, scheduler } = t;
    await commit(coordinator, 'old', { a: [1] });
    await commit(coordinator, 'short', { a: [1] }, { retentionTimeMs: 5_000 });
    const memberId = await singleMemberGroup('live');
    await commit(coordinator, 'live', { a: [9] }, { generationIdOrMemberEpoch: 1, memberId });
    for (let elapsed = 0; elapsed < 10_000; elapsed += 5_000) {
      coordinator.heartbeat({ groupId: 'live', generationId: 1, memberId });
      scheduler.advance(5_000);
    }
    await coordinator.expireOffsets();
    expect(coordinator.describeGroup('short')).toBeUndefined();
    expect(coordinator.committedOffsets('old')).toHaveLength(1);
    for (let elapsed = 0; elapsed < retentionMs; elapsed += 5_000) {
      coordinator.heartbeat({ groupId: 'live', generationId: 1, memberId });
      scheduler.advance(5_000);
    }
    await coordinator.expireOffsets();
    expect(coordinator.describeGroup('old')).toBeUndefined();
    // A group with members keeps its offsets however old they are.
    expect(coordinator.committedOffsets('live')).toHaveLength(1);
  });

  it('deleteTopicOffsets drops a topic from every group and removes groups left with nothing', async () => {
    t = await openTestCoordinator();
    const { coordinator } = t;
    await commit(coordinator, 'g1', { gone: [1, 2], kept: [3] });
    await commit(coordinator, 'g2', { gone: [4] });
    expect(await coordinator.deleteTopicOffsets('gone')).toBe(3);
    expect(coordinator.committedOffsets('g1').map((o) => o.topic)).toEqual(['kept']);
    expect(coordinator.describeGroup('g2')).toBeUndefined();
  });
});
