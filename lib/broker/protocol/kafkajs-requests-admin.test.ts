/**
 * Scenario: admin and auth requests encoded by kafkajs decode to the expected bodies and re-encode to the
 * same bytes (pinned in fixtures/kafkajs-requests-admin.json).
 */
import { ApiKey as K } from './api-keys';
import { type RequestCase, range, runRequestCases } from './golden.test-util';

const cases: RequestCase[] = [
  {
    name: 'two groups',
    api: K.DescribeGroups,
    kafkajs: 'describeGroups',
    versions: range(0, 2),
    args: () => ({ groupIds: ['a', 'b'] }),
    expected: () => ({ groups: ['a', 'b'], includeAuthorizedOperations: false }),
  },
  {
    name: 'all',
    api: K.ListGroups,
    kafkajs: 'listGroups',
    versions: range(0, 2),
    args: () => ({}),
    expected: () => ({}),
  },
  {
    name: 'two groups',
    api: K.DeleteGroups,
    kafkajs: 'deleteGroups',
    versions: range(0, 1),
    args: () => ['a', 'b'],
    expected: () => ({ groupsNames: ['a', 'b'] }),
  },
  {
    name: 'compacted topic',
    api: K.CreateTopics,
    kafkajs: 'createTopics',
    versions: range(0, 3),
    args: () => ({
      topics: [
        {
          topic: 't',
          numPartitions: 3,
          replicationFactor: 1,
          replicaAssignment: [{ partition: 0, replicas: [1] }],
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
      validateOnly: true,
      timeout: 5000,
    }),
    expected: (v) => ({
      topics: [
        {
          name: 't',
          numPartitions: 3,
          replicationFactor: 1,
          assignments: [{ partitionIndex: 0, brokerIds: [1] }],
          configs: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
      timeoutMs: 5000,
      validateOnly: v >= 1,
    }),
  },
  {
    name: 'two topics',
    api: K.DeleteTopics,
    kafkajs: 'deleteTopics',
    versions: range(0, 1),
    args: () => ({ topics: ['a', 'b'], timeout: 1000 }),
    expected: () => ({ topicNames: ['a', 'b'], timeoutMs: 1000 }),
  },
  {
    name: 'with and without assignments',
    api: K.CreatePartitions,
    kafkajs: 'createPartitions',
    versions: range(0, 1),
    args: () => ({
      topicPartitions: [
        { topic: 't', count: 6, assignments: [[1], [1]] },
        { topic: 'u', count: 2 },
      ],
      validateOnly: true,
      timeout: 1000,
    }),
    expected: () => ({
      topics: [
        { name: 't', count: 6, assignments: [{ brokerIds: [1] }, { brokerIds: [1] }] },
        { name: 'u', count: 2, assignments: null },
      ],
      timeoutMs: 1000,
      validateOnly: true,
    }),
  },
  {
    name: 'one partition',
    api: K.DeleteRecords,
    kafkajs: 'deleteRecords',
    versions: range(0, 1),
    args: () => ({ topics: [{ topic: 't', partitions: [{ partition: 0, offset: '100' }] }], timeout: 1000 }),
    expected: () => ({
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, offset: 100 }] }],
      timeoutMs: 1000,
    }),
  },
  {
    name: 'named keys and all keys',
    api: K.DescribeConfigs,
    kafkajs: 'describeConfigs',
    versions: range(0, 2),
    args: () => ({
      resources: [
        { type: 2, name: 't', configNames: ['retention.ms'] },
        { type: 4, name: '1', configNames: [] },
      ],
      includeSynonyms: true,
    }),
    expected: (v) => ({
      resources: [
        { resourceType: 2, resourceName: 't', configurationKeys: ['retention.ms'] },
        { resourceType: 4, resourceName: '1', configurationKeys: null },
      ],
      includeSynonyms: v >= 1,
      includeDocumentation: false,
    }),
  },
  {
    name: 'retention',
    api: K.AlterConfigs,
    kafkajs: 'alterConfigs',
    versions: range(0, 1),
    args: () => ({
      resources: [{ type: 2, name: 't', configEntries: [{ name: 'retention.ms', value: '1000' }] }],
      validateOnly: true,
    }),
    expected: () => ({
      resources: [{ resourceType: 2, resourceName: 't', configs: [{ name: 'retention.ms', value: '1000' }] }],
      validateOnly: true,
    }),
  },
  {
    name: 'idempotent',
    api: K.InitProducerId,
    kafkajs: 'initProducerId',
    versions: range(0, 1),
    args: () => ({ transactionalId: null, transactionTimeout: 60000 }),
    expected: () => ({ transactionalId: null, transactionTimeoutMs: 60000 }),
  },
  {
    name: 'transactional',
    api: K.InitProducerId,
    kafkajs: 'initProducerId',
    versions: range(0, 1),
    args: () => ({ transactionalId: 'tx', transactionTimeout: 1000 }),
    expected: () => ({ transactionalId: 'tx', transactionTimeoutMs: 1000 }),
  },
  {
    name: 'plain',
    api: K.SaslHandshake,
    kafkajs: 'saslHandshake',
    versions: range(0, 1),
    args: () => ({ mechanism: 'PLAIN' }),
    expected: () => ({ mechanism: 'PLAIN' }),
  },
  {
    name: 'plain credentials',
    api: K.SaslAuthenticate,
    kafkajs: 'saslAuthenticate',
    versions: range(0, 1),
    // kafkajs writes authBytes raw: its SASL mechanisms pass them already length-prefixed.
    args: () => ({ authBytes: Buffer.concat([Buffer.from([0, 0, 0, 10]), Buffer.from('\0user\0pass')]) }),
    expected: () => ({ authBytes: Buffer.from('\0user\0pass') }),
  },
];

runRequestCases('kafkajs-requests-admin.json', cases);
