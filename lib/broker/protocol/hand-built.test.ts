/**
 * Scenario: versions kafkajs does not implement. Each fixture is hand-built from the Kafka protocol
 * reference (the field order of that version written out below, one builder call per field), checked
 * both ways: our decoder reads it as the body, our encoder writes the body as exactly these bytes.
 */
import { ApiKey as K } from './api-keys';
import { B, type Fixture, runHandBuilt } from './hand-built.test-util';

const ID = 'ba5eba11';
const fixtures: Fixture[] = [
  ...[7, 8].map(
    (v): Fixture => ({
      name: 'Metadata request, named topic',
      api: K.Metadata,
      version: v,
      side: 'request',
      body: {
        topics: [{ name: 't' }],
        allowAutoTopicCreation: false,
        includeClusterAuthorizedOperations: v >= 8,
        includeTopicAuthorizedOperations: v >= 8,
      },
      // topics [name] ; allow_auto_topic_creation ; v8: include_cluster_/topic_authorized_operations
      bytes: () => {
        const b = new B().arr(1).str('t').bool(false);
        return v >= 8 ? b.bool(true).bool(true) : b;
      },
    }),
  ),
  ...[7, 8].map(
    (v): Fixture => ({
      name: 'Metadata response with leader epoch',
      api: K.Metadata,
      version: v,
      side: 'response',
      body: {
        throttleTimeMs: 7,
        brokers: [{ nodeId: 1, host: 'h', port: 9092, rack: null }],
        clusterId: ID,
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
                leaderEpoch: 5,
                replicaNodes: [1],
                isrNodes: [1],
                offlineReplicas: [],
              },
            ],
            topicAuthorizedOperations: -2147483648,
          },
        ],
        clusterAuthorizedOperations: -2147483648,
      },
      // throttle ; brokers [node_id host port rack] ; cluster_id ; controller_id ;
      // topics [error_code name is_internal partitions [error_code index leader leader_epoch replicas isr offline]
      //         v8: topic_authorized_operations] ; v8: cluster_authorized_operations
      bytes: () => {
        const b = new B().i32(7).arr(1).i32(1).str('h').i32(9092).str(null).str(ID).i32(1);
        b.arr(1)
          .i16(0)
          .str('t')
          .bool(false)
          .arr(1)
          .i16(0)
          .i32(0)
          .i32(1)
          .i32(5)
          .arr(1)
          .i32(1)
          .arr(1)
          .i32(1)
          .arr(0);
        return v >= 8 ? b.i32(-2147483648).i32(-2147483648) : b;
      },
    }),
  ),
  {
    name: 'Produce request',
    api: K.Produce,
    version: 8,
    side: 'request',
    body: {
      transactionalId: null,
      acks: -1,
      timeoutMs: 1000,
      topicData: [{ name: 't', partitionData: [{ index: 0, records: Buffer.from('cafe', 'hex') }] }],
    },
    // transactional_id acks timeout_ms topic_data [name partition_data [index records]]
    bytes: () =>
      new B().str(null).i16(-1).i32(1000).arr(1).str('t').arr(1).i32(0).bytes(Buffer.from('cafe', 'hex')),
  },
  {
    name: 'Produce response with record errors',
    api: K.Produce,
    version: 8,
    side: 'response',
    body: {
      responses: [
        {
          name: 't',
          partitionResponses: [
            {
              index: 0,
              errorCode: 87,
              baseOffset: -1,
              logAppendTimeMs: -1,
              logStartOffset: 0,
              recordErrors: [{ batchIndex: 1, batchIndexErrorMessage: 'bad' }],
              errorMessage: 'invalid record',
            },
          ],
        },
      ],
      throttleTimeMs: 0,
    },
    // responses [name partition_responses [index error_code base_offset log_append_time_ms log_start_offset
    //            record_errors [batch_index batch_index_error_message] error_message]] throttle_time_ms
    bytes: () =>
      new B()
        .arr(1)
        .str('t')
        .arr(1)
        .i32(0)
        .i16(87)
        .i64(-1)
        .i64(-1)
        .i64(0)
        .arr(1)
        .i32(1)
        .str('bad')
        .str('invalid record')
        .i32(0),
  },
  ...[4, 5].map(
    (v): Fixture => ({
      name: 'ListOffsets request with current leader epoch',
      api: K.ListOffsets,
      version: v,
      side: 'request',
      body: {
        replicaId: -1,
        isolationLevel: 1,
        topics: [{ name: 't', partitions: [{ partitionIndex: 0, currentLeaderEpoch: 5, timestamp: -1 }] }],
      },
      // replica_id isolation_level topics [name partitions [partition_index current_leader_epoch timestamp]]
      bytes: () => new B().i32(-1).i8(1).arr(1).str('t').arr(1).i32(0).i32(5).i64(-1),
    }),
  ),
  ...[4, 5].map(
    (v): Fixture => ({
      name: 'ListOffsets response with leader epoch',
      api: K.ListOffsets,
      version: v,
      side: 'response',
      body: {
        throttleTimeMs: 7,
        topics: [
          {
            name: 't',
            partitions: [{ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 42, leaderEpoch: 5 }],
          },
        ],
      },
      // throttle topics [name partitions [partition_index error_code timestamp offset leader_epoch]]
      bytes: () => new B().i32(7).arr(1).str('t').arr(1).i32(0).i16(0).i64(-1).i64(42).i32(5),
    }),
  ),
];

runHandBuilt(fixtures);
