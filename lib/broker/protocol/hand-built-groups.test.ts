/**
 * Scenario: group and offset versions kafkajs does not implement (OffsetCommit 6-7, OffsetFetch 5,
 * DescribeGroups 3-4, OffsetForLeaderEpoch 0-3), hand-built from the Kafka protocol reference.
 */
import { ApiKey as K } from './api-keys';
import { B, type Fixture, runHandBuilt } from './hand-built.test-util';

const fixtures: Fixture[] = [
  ...[6, 7].map(
    (v): Fixture => ({
      name: 'OffsetCommit request with leader epoch',
      api: K.OffsetCommit,
      version: v,
      side: 'request',
      body: {
        groupId: 'g',
        generationIdOrMemberEpoch: 3,
        memberId: 'm',
        groupInstanceId: v >= 7 ? 'i' : null,
        retentionTimeMs: -1,
        topics: [
          {
            name: 't',
            partitions: [
              { partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 5, committedMetadata: null },
            ],
          },
        ],
      },
      // group_id generation_id member_id [v7: group_instance_id] topics [name partitions
      //   [partition_index committed_offset committed_leader_epoch committed_metadata]]
      bytes: () => {
        const b = new B().str('g').i32(3).str('m');
        if (v >= 7) b.str('i');
        return b.arr(1).str('t').arr(1).i32(0).i64(42).i32(5).str(null);
      },
    }),
  ),
  ...[6, 7].map(
    (v): Fixture => ({
      name: 'OffsetCommit response',
      api: K.OffsetCommit,
      version: v,
      side: 'response',
      body: {
        throttleTimeMs: 7,
        topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 22 }] }],
      },
      // throttle topics [name partitions [partition_index error_code]]
      bytes: () => new B().i32(7).arr(1).str('t').arr(1).i32(0).i16(22),
    }),
  ),
  {
    name: 'OffsetFetch request for all topics',
    api: K.OffsetFetch,
    version: 5,
    side: 'request',
    body: { groupId: 'g', topics: null },
    // group_id topics (nullable array: -1)
    bytes: () => new B().str('g').arr(-1),
  },
  {
    name: 'OffsetFetch response with leader epoch',
    api: K.OffsetFetch,
    version: 5,
    side: 'response',
    body: {
      throttleTimeMs: 7,
      topics: [
        {
          name: 't',
          partitions: [
            { partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 5, metadata: '', errorCode: 0 },
          ],
        },
      ],
      errorCode: 0,
    },
    // throttle topics [name partitions [partition_index committed_offset committed_leader_epoch metadata
    //   error_code]] error_code
    bytes: () => new B().i32(7).arr(1).str('t').arr(1).i32(0).i64(42).i32(5).str('').i16(0).i16(0),
  },
  ...[3, 4].map(
    (v): Fixture => ({
      name: 'DescribeGroups request with authorized operations',
      api: K.DescribeGroups,
      version: v,
      side: 'request',
      body: { groups: ['g'], includeAuthorizedOperations: true },
      // groups [string] include_authorized_operations
      bytes: () => new B().arr(1).str('g').bool(true),
    }),
  ),
  ...[3, 4].map(
    (v): Fixture => ({
      name: 'DescribeGroups response',
      api: K.DescribeGroups,
      version: v,
      side: 'response',
      body: {
        throttleTimeMs: 7,
        groups: [
          {
            errorCode: 0,
            groupId: 'g',
            groupState: 'Stable',
            protocolType: 'consumer',
            protocolData: 'range',
            members: [
              {
                memberId: 'm',
                groupInstanceId: v >= 4 ? 'i' : null,
                clientId: 'c',
                clientHost: '/h',
                memberMetadata: Buffer.from('md'),
                memberAssignment: Buffer.from('as'),
              },
            ],
            authorizedOperations: 8,
          },
        ],
      },
      // throttle groups [error_code group_id group_state protocol_type protocol_data members [member_id
      //   [v4: group_instance_id] client_id client_host member_metadata member_assignment] authorized_operations]
      bytes: () => {
        const b = new B()
          .i32(7)
          .arr(1)
          .i16(0)
          .str('g')
          .str('Stable')
          .str('consumer')
          .str('range')
          .arr(1)
          .str('m');
        if (v >= 4) b.str('i');
        return b.str('c').str('/h').bytes(Buffer.from('md')).bytes(Buffer.from('as')).i32(8);
      },
    }),
  ),
  ...[0, 1, 2, 3].map(
    (v): Fixture => ({
      name: 'OffsetForLeaderEpoch request',
      api: K.OffsetForLeaderEpoch,
      version: v,
      side: 'request',
      body: {
        replicaId: v >= 3 ? -1 : -2,
        topics: [
          { topic: 't', partitions: [{ partition: 0, currentLeaderEpoch: v >= 2 ? 6 : -1, leaderEpoch: 5 }] },
        ],
      },
      // [v3: replica_id] topics [topic partitions [partition [v2+: current_leader_epoch] leader_epoch]]
      bytes: () => {
        const b = new B();
        if (v >= 3) b.i32(-1);
        b.arr(1).str('t').arr(1).i32(0);
        if (v >= 2) b.i32(6);
        return b.i32(5);
      },
    }),
  ),
  ...[0, 1, 2, 3].map(
    (v): Fixture => ({
      name: 'OffsetForLeaderEpoch response',
      api: K.OffsetForLeaderEpoch,
      version: v,
      side: 'response',
      body: {
        throttleTimeMs: v >= 2 ? 7 : 0,
        topics: [
          {
            topic: 't',
            partitions: [{ errorCode: 0, partition: 0, leaderEpoch: v >= 1 ? 5 : -1, endOffset: 42 }],
          },
        ],
      },
      // [v2+: throttle] topics [topic partitions [error_code partition [v1+: leader_epoch] end_offset]]
      bytes: () => {
        const b = new B();
        if (v >= 2) b.i32(7);
        b.arr(1).str('t').arr(1).i16(0).i32(0);
        if (v >= 1) b.i32(5);
        return b.i64(42);
      },
    }),
  ),
];

runHandBuilt(fixtures);
