/**
 * Scenario: topic administration versions kafkajs does not implement (CreateTopics 4, DeleteTopics 2-3,
 * DescribeConfigs 3), hand-built from the Kafka protocol reference.
 */
import { ApiKey as K } from './api-keys';
import { B, type Fixture, runHandBuilt } from './hand-built.test-util';

const fixtures: Fixture[] = [
  {
    name: 'CreateTopics request',
    api: K.CreateTopics,
    version: 4,
    side: 'request',
    body: {
      topics: [
        {
          name: 't',
          numPartitions: -1,
          replicationFactor: -1,
          assignments: [],
          configs: [{ name: 'k', value: null }],
        },
      ],
      timeoutMs: 60000,
      validateOnly: false,
    },
    // topics [name num_partitions replication_factor assignments [..] configs [name value]] timeout_ms validate_only
    bytes: () =>
      new B().arr(1).str('t').i32(-1).i16(-1).arr(0).arr(1).str('k').str(null).i32(60000).bool(false),
  },
  {
    name: 'CreateTopics response',
    api: K.CreateTopics,
    version: 4,
    side: 'response',
    body: { throttleTimeMs: 7, topics: [{ name: 't', errorCode: 36, errorMessage: 'exists' }] },
    // throttle topics [name error_code error_message]
    bytes: () => new B().i32(7).arr(1).str('t').i16(36).str('exists'),
  },
  ...[2, 3].map(
    (v): Fixture => ({
      name: 'DeleteTopics request',
      api: K.DeleteTopics,
      version: v,
      side: 'request',
      body: { topicNames: ['a', 'b'], timeoutMs: 1000 },
      // topic_names [string] timeout_ms
      bytes: () => new B().arr(2).str('a').str('b').i32(1000),
    }),
  ),
  ...[2, 3].map(
    (v): Fixture => ({
      name: 'DeleteTopics response',
      api: K.DeleteTopics,
      version: v,
      side: 'response',
      body: { throttleTimeMs: 7, responses: [{ name: 'a', errorCode: 3 }] },
      // throttle responses [name error_code]
      bytes: () => new B().i32(7).arr(1).str('a').i16(3),
    }),
  ),
  {
    name: 'DescribeConfigs request with documentation',
    api: K.DescribeConfigs,
    version: 3,
    side: 'request',
    body: {
      resources: [{ resourceType: 2, resourceName: 't', configurationKeys: null }],
      includeSynonyms: true,
      includeDocumentation: true,
    },
    // resources [resource_type resource_name configuration_keys (nullable)] include_synonyms include_documentation
    bytes: () => new B().arr(1).i8(2).str('t').arr(-1).bool(true).bool(true),
  },
  {
    name: 'DescribeConfigs response with type and documentation',
    api: K.DescribeConfigs,
    version: 3,
    side: 'response',
    body: {
      throttleTimeMs: 7,
      results: [
        {
          errorCode: 0,
          errorMessage: null,
          resourceType: 2,
          resourceName: 't',
          configs: [
            {
              name: 'retention.ms',
              value: '1000',
              readOnly: false,
              isDefault: false,
              configSource: 1,
              isSensitive: false,
              synonyms: [{ name: 'retention.ms', value: '1000', source: 1 }],
              configType: 5,
              documentation: null,
            },
          ],
        },
      ],
    },
    // throttle results [error_code error_message resource_type resource_name configs [name value read_only
    //   config_source is_sensitive synonyms [name value source] config_type documentation]]
    bytes: () =>
      new B()
        .i32(7)
        .arr(1)
        .i16(0)
        .str(null)
        .i8(2)
        .str('t')
        .arr(1)
        .str('retention.ms')
        .str('1000')
        .bool(false)
        .i8(1)
        .bool(false)
        .arr(1)
        .str('retention.ms')
        .str('1000')
        .i8(1)
        .i8(5)
        .str(null),
  },
];

runHandBuilt(fixtures);
