/**
 * Scenario: requests encoded by kafkajs (an independent encoder) decode to the expected typed bodies,
 * and re-encoding those bodies reproduces kafkajs's bytes exactly. Bytes are pinned in
 * fixtures/kafkajs-requests.json. Versions kafkajs lacks are covered in hand-built.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ApiKey as K } from './api-keys';
import { decodeRequest } from './codec';
import {
  kafkajsDecoder,
  kafkajsRecordBatchDecoder,
  kafkajsRequestBody,
  type RequestCase,
  range,
  runRequestCases,
} from './golden.test-util';

const buf = (s: string) => Buffer.from(s);
const TS = 1700000000000;

const cases: RequestCase[] = [
  {
    name: 'empty',
    api: K.ApiVersions,
    kafkajs: 'apiVersions',
    versions: range(0, 2),
    args: () => ({}),
    expected: () => ({}),
  },
  {
    name: 'two topics',
    api: K.Metadata,
    kafkajs: 'metadata',
    versions: range(0, 6),
    args: () => ({ topics: ['a', 'b'], allowAutoTopicCreation: false }),
    expected: (v) => ({
      topics: [{ name: 'a' }, { name: 'b' }],
      allowAutoTopicCreation: v < 4,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    }),
  },
  {
    name: 'all topics (null array)',
    api: K.Metadata,
    kafkajs: 'metadata',
    versions: range(1, 6),
    args: () => ({ topics: [] }),
    expected: () => ({
      topics: null,
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    }),
  },
  {
    name: 'one record',
    api: K.Produce,
    kafkajs: 'produce',
    versions: range(3, 7),
    args: () => ({
      acks: -1,
      timeout: 30000,
      topicData: [
        { topic: 't', partitions: [{ partition: 2, messages: [{ key: 'k', value: 'v', timestamp: TS }] }] },
      ],
    }),
    expected: () => ({
      transactionalId: null,
      acks: -1,
      timeoutMs: 30000,
      topicData: [{ name: 't', partitionData: [{ index: 2, records: expect.any(Buffer) }] }],
    }),
  },
  {
    name: 'transactional',
    api: K.Produce,
    kafkajs: 'produce',
    versions: [3, 7],
    args: () => ({
      acks: 1,
      timeout: 5000,
      transactionalId: 'tx-1',
      topicData: [
        { topic: 't', partitions: [{ partition: 0, messages: [{ key: null, value: 'x', timestamp: TS }] }] },
      ],
    }),
    expected: () => ({
      transactionalId: 'tx-1',
      acks: 1,
      timeoutMs: 5000,
      topicData: [{ name: 't', partitionData: [{ index: 0, records: expect.any(Buffer) }] }],
    }),
  },
  {
    name: 'session fetch',
    api: K.Fetch,
    kafkajs: 'fetch',
    versions: range(4, 11),
    args: () => ({
      replicaId: -1,
      maxWaitTime: 500,
      minBytes: 1,
      maxBytes: 1048576,
      isolationLevel: 1,
      sessionId: 5,
      sessionEpoch: 2,
      rackId: 'r1',
      forgottenTopics: [{ topic: 'old', partitions: [1, 2] }],
      topics: [
        {
          topic: 't',
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: 3,
              fetchOffset: '12345678901',
              logStartOffset: 7,
              maxBytes: 65536,
            },
          ],
        },
      ],
    }),
    expected: (v) => ({
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 1048576,
      isolationLevel: 1,
      sessionId: v >= 7 ? 5 : 0,
      sessionEpoch: v >= 7 ? 2 : -1,
      topics: [
        {
          topic: 't',
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: v >= 9 ? 3 : -1,
              fetchOffset: 12345678901,
              logStartOffset: v >= 5 ? 7 : -1,
              partitionMaxBytes: 65536,
            },
          ],
        },
      ],
      forgottenTopicsData: v >= 7 ? [{ topic: 'old', partitions: [1, 2] }] : [],
      rackId: v >= 11 ? 'r1' : '',
    }),
  },
  {
    name: 'earliest and by time',
    api: K.ListOffsets,
    kafkajs: 'listOffsets',
    versions: range(1, 3),
    args: () => ({
      replicaId: -1,
      isolationLevel: 1,
      topics: [
        {
          topic: 't',
          partitions: [
            { partition: 1, timestamp: -2 },
            { partition: 2, timestamp: TS },
          ],
        },
      ],
    }),
    expected: (v) => ({
      replicaId: -1,
      isolationLevel: v >= 2 ? 1 : 0,
      topics: [
        {
          name: 't',
          partitions: [
            { partitionIndex: 1, currentLeaderEpoch: -1, timestamp: -2 },
            { partitionIndex: 2, currentLeaderEpoch: -1, timestamp: TS },
          ],
        },
      ],
    }),
  },
  {
    name: 'group',
    api: K.FindCoordinator,
    kafkajs: 'findCoordinator',
    versions: [0],
    args: () => ({ groupId: 'g' }),
    expected: () => ({ key: 'g', keyType: 0 }),
  },
  {
    name: 'transaction',
    api: K.FindCoordinator,
    kafkajs: 'findCoordinator',
    versions: [1, 2],
    args: () => ({ coordinatorKey: 'tx', coordinatorType: 1 }),
    expected: () => ({ key: 'tx', keyType: 1 }),
  },
  {
    name: 'range protocol',
    api: K.JoinGroup,
    kafkajs: 'joinGroup',
    versions: range(0, 5),
    args: () => ({
      groupId: 'g',
      sessionTimeout: 30000,
      rebalanceTimeout: 60000,
      memberId: 'm',
      groupInstanceId: 'inst',
      protocolType: 'consumer',
      groupProtocols: [{ name: 'range', metadata: buf('abc') }],
    }),
    expected: (v) => ({
      groupId: 'g',
      sessionTimeoutMs: 30000,
      rebalanceTimeoutMs: v >= 1 ? 60000 : -1,
      memberId: 'm',
      groupInstanceId: v >= 5 ? 'inst' : null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: buf('abc') }],
    }),
  },
  {
    name: 'leader assignment',
    api: K.SyncGroup,
    kafkajs: 'syncGroup',
    versions: range(0, 3),
    args: () => ({
      groupId: 'g',
      generationId: 4,
      memberId: 'm',
      groupInstanceId: 'inst',
      groupAssignment: [{ memberId: 'm', memberAssignment: buf('xy') }],
    }),
    expected: (v) => ({
      groupId: 'g',
      generationId: 4,
      memberId: 'm',
      groupInstanceId: v >= 3 ? 'inst' : null,
      assignments: [{ memberId: 'm', assignment: buf('xy') }],
    }),
  },
  {
    name: 'member',
    api: K.Heartbeat,
    kafkajs: 'heartbeat',
    versions: range(0, 3),
    args: () => ({ groupId: 'g', groupGenerationId: 4, memberId: 'm', groupInstanceId: 'inst' }),
    expected: (v) => ({
      groupId: 'g',
      generationId: 4,
      memberId: 'm',
      groupInstanceId: v >= 3 ? 'inst' : null,
    }),
  },
  {
    name: 'one member',
    api: K.LeaveGroup,
    kafkajs: 'leaveGroup',
    versions: range(0, 2),
    args: () => ({ groupId: 'g', memberId: 'm' }),
    expected: () => ({ groupId: 'g', memberId: 'm', members: [] }),
  },
  {
    name: 'batch',
    api: K.LeaveGroup,
    kafkajs: 'leaveGroup',
    versions: [3],
    args: () => ({ groupId: 'g', members: [{ memberId: 'm1', groupInstanceId: 'i1' }, { memberId: 'm2' }] }),
    expected: () => ({
      groupId: 'g',
      memberId: '',
      members: [
        { memberId: 'm1', groupInstanceId: 'i1' },
        { memberId: 'm2', groupInstanceId: null },
      ],
    }),
  },
  {
    name: 'two partitions',
    api: K.OffsetCommit,
    kafkajs: 'offsetCommit',
    versions: range(2, 5),
    args: () => ({
      groupId: 'g',
      groupGenerationId: 4,
      memberId: 'm',
      retentionTime: 86400000,
      topics: [
        {
          topic: 't',
          partitions: [
            { partition: 0, offset: '42', metadata: 'meta' },
            { partition: 1, offset: '43' },
          ],
        },
      ],
    }),
    expected: (v) => ({
      groupId: 'g',
      generationIdOrMemberEpoch: 4,
      memberId: 'm',
      groupInstanceId: null,
      retentionTimeMs: v <= 4 ? 86400000 : -1,
      topics: [
        {
          name: 't',
          partitions: [
            { partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: -1, committedMetadata: 'meta' },
            { partitionIndex: 1, committedOffset: 43, committedLeaderEpoch: -1, committedMetadata: null },
          ],
        },
      ],
    }),
  },
  {
    name: 'one topic',
    api: K.OffsetFetch,
    kafkajs: 'offsetFetch',
    versions: range(1, 4),
    args: () => ({
      groupId: 'g',
      topics: [{ topic: 't', partitions: [{ partition: 0 }, { partition: 3 }] }],
    }),
    expected: () => ({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 3] }] }),
  },
  {
    name: 'all topics (null array)',
    api: K.OffsetFetch,
    kafkajs: 'offsetFetch',
    versions: [3, 4],
    args: () => ({ groupId: 'g', topics: [] }),
    expected: () => ({ groupId: 'g', topics: null }),
  },
];

runRequestCases('kafkajs-requests.json', cases);

describe('record sets stay opaque but intact', () => {
  it('a kafkajs record batch decoded from Produce v7 is a slice kafkajs can read back', async () => {
    const bytes = await kafkajsRequestBody('produce', 7, cases[3]?.args(7));
    const body = decodeRequest(K.Produce, 7, bytes);
    const records = body.topicData[0]?.partitionData[0]?.records as Buffer;
    expect(records.buffer).toBe(bytes.buffer);
    const batch = await kafkajsRecordBatchDecoder()(kafkajsDecoder(records));
    expect(batch.records.map((r) => [r.key.toString(), r.value.toString()])).toEqual([['k', 'v']]);
  });
});
