/**
 * Scenario: responses encoded by our codec are read correctly by kafkajs's own response decoders
 * (an independent implementation). Bytes pinned in fixtures/kafkajs-responses.json.
 */
import { ApiKey as K } from './api-keys';
import { type ResponseCase, range, runResponseCases } from './golden.test-util';

const OFFSET = 12345678901;
const buf = (s: string) => Buffer.from(s);

const cases: ResponseCase[] = [
  {
    name: 'two apis',
    api: K.ApiVersions,
    kafkajs: 'apiVersions',
    versions: range(0, 2),
    throttleFrom: 1,
    body: () => ({
      errorCode: 0,
      apiKeys: [
        { apiKey: 0, minVersion: 3, maxVersion: 8 },
        { apiKey: 18, minVersion: 0, maxVersion: 2 },
      ],
      throttleTimeMs: 7,
    }),
    expected: () => ({
      errorCode: 0,
      apiVersions: [
        { apiKey: 0, minVersion: 3, maxVersion: 8 },
        { apiKey: 18, minVersion: 0, maxVersion: 2 },
      ],
    }),
  },
  {
    name: 'one broker one topic',
    api: K.Metadata,
    kafkajs: 'metadata',
    versions: range(0, 6),
    throttleFrom: 3,
    body: () => ({
      throttleTimeMs: 7,
      brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: 'r1' }],
      clusterId: 'spillway',
      controllerId: 1,
      topics: [
        {
          errorCode: 0,
          name: 't',
          isInternal: false,
          partitions: [
            {
              errorCode: 0,
              partitionIndex: 0,
              leaderId: 1,
              leaderEpoch: 4,
              replicaNodes: [1],
              isrNodes: [1],
              offlineReplicas: [2],
            },
          ],
        },
      ],
    }),
    expected: (v) => ({
      brokers: [{ nodeId: 1, host: 'localhost', port: 9092, ...(v >= 1 ? { rack: 'r1' } : {}) }],
      ...(v >= 1 ? { controllerId: 1 } : {}),
      ...(v >= 2 ? { clusterId: 'spillway' } : {}),
      topicMetadata: [
        {
          topicErrorCode: 0,
          topic: 't',
          partitionMetadata: [
            {
              partitionErrorCode: 0,
              partitionId: 0,
              leader: 1,
              replicas: [1],
              isr: [1],
              ...(v >= 5 ? { offlineReplicas: [2] } : {}),
            },
          ],
        },
      ],
    }),
  },
  {
    name: 'appended',
    api: K.Produce,
    kafkajs: 'produce',
    versions: range(3, 7),
    throttleFrom: 3,
    body: () => ({
      responses: [
        {
          name: 't',
          partitionResponses: [
            { index: 2, errorCode: 0, baseOffset: OFFSET, logAppendTimeMs: -1, logStartOffset: 5 },
          ],
        },
      ],
      throttleTimeMs: 7,
    }),
    expected: (v) => ({
      topics: [
        {
          topicName: 't',
          partitions: [
            {
              partition: 2,
              errorCode: 0,
              baseOffset: String(OFFSET),
              logAppendTime: '-1',
              ...(v >= 5 ? { logStartOffset: '5' } : {}),
            },
          ],
        },
      ],
    }),
  },
  {
    name: 'earliest',
    api: K.ListOffsets,
    kafkajs: 'listOffsets',
    versions: range(1, 3),
    throttleFrom: 2,
    body: () => ({
      throttleTimeMs: 7,
      topics: [
        { name: 't', partitions: [{ partitionIndex: 1, errorCode: 0, timestamp: -1, offset: OFFSET }] },
      ],
    }),
    expected: () => ({
      responses: [
        { topic: 't', partitions: [{ partition: 1, errorCode: 0, timestamp: '-1', offset: String(OFFSET) }] },
      ],
    }),
  },
  {
    name: 'found',
    api: K.FindCoordinator,
    kafkajs: 'findCoordinator',
    versions: range(0, 2),
    throttleFrom: 1,
    body: () => ({
      throttleTimeMs: 7,
      errorCode: 0,
      errorMessage: null,
      nodeId: 1,
      host: 'localhost',
      port: 9092,
    }),
    expected: () => ({ errorCode: 0, coordinator: { nodeId: 1, host: 'localhost', port: 9092 } }),
  },
  {
    name: 'leader',
    api: K.JoinGroup,
    kafkajs: 'joinGroup',
    versions: range(0, 5),
    throttleFrom: 2,
    body: () => ({
      throttleTimeMs: 7,
      errorCode: 0,
      generationId: 3,
      protocolName: 'range',
      leader: 'm1',
      memberId: 'm1',
      members: [{ memberId: 'm1', groupInstanceId: 'i1', metadata: buf('meta') }],
    }),
    expected: (v) => ({
      errorCode: 0,
      generationId: 3,
      groupProtocol: 'range',
      leaderId: 'm1',
      memberId: 'm1',
      members: [
        { memberId: 'm1', memberMetadata: buf('meta'), ...(v >= 5 ? { groupInstanceId: 'i1' } : {}) },
      ],
    }),
  },
  {
    name: 'assigned',
    api: K.SyncGroup,
    kafkajs: 'syncGroup',
    versions: range(0, 3),
    throttleFrom: 1,
    body: () => ({ throttleTimeMs: 7, errorCode: 0, assignment: buf('xy') }),
    expected: () => ({ errorCode: 0, memberAssignment: buf('xy') }),
  },
  {
    name: 'ok',
    api: K.Heartbeat,
    kafkajs: 'heartbeat',
    versions: range(0, 3),
    throttleFrom: 1,
    body: () => ({ throttleTimeMs: 7, errorCode: 0 }),
    expected: () => ({ errorCode: 0 }),
  },
  {
    name: 'left',
    api: K.LeaveGroup,
    kafkajs: 'leaveGroup',
    versions: range(0, 3),
    throttleFrom: 1,
    body: () => ({
      throttleTimeMs: 7,
      errorCode: 0,
      members: [{ memberId: 'm1', groupInstanceId: null, errorCode: 0 }],
    }),
    expected: (v) => ({
      errorCode: 0,
      ...(v >= 3 ? { members: [{ memberId: 'm1', groupInstanceId: null, errorCode: 0 }] } : {}),
    }),
  },
  {
    name: 'committed',
    api: K.OffsetCommit,
    kafkajs: 'offsetCommit',
    versions: range(2, 5),
    throttleFrom: 3,
    body: () => ({
      throttleTimeMs: 7,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0 }] }],
    }),
    expected: () => ({ responses: [{ topic: 't', partitions: [{ partition: 0, errorCode: 0 }] }] }),
  },
  {
    name: 'committed offsets',
    api: K.OffsetFetch,
    kafkajs: 'offsetFetch',
    versions: range(1, 4),
    throttleFrom: 3,
    body: () => ({
      throttleTimeMs: 7,
      topics: [
        {
          name: 't',
          partitions: [
            { partitionIndex: 0, committedOffset: OFFSET, metadata: 'meta', errorCode: 0 },
            { partitionIndex: 1, committedOffset: -1, metadata: null, errorCode: 0 },
          ],
        },
      ],
      errorCode: 0,
    }),
    expected: () => ({
      responses: [
        {
          topic: 't',
          partitions: [
            { partition: 0, offset: String(OFFSET), metadata: 'meta', errorCode: 0 },
            { partition: 1, offset: '-1', metadata: null, errorCode: 0 },
          ],
        },
      ],
    }),
  },
];

runResponseCases('kafkajs-responses.json', cases);
