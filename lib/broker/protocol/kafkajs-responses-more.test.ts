/**
 * Scenario: Fetch (with a real record batch), group administration, topic administration and SASL
 * responses encoded by our codec are read correctly by kafkajs's own decoders. Pinned in
 * fixtures/kafkajs-responses-more.json.
 */
import { describe, expect, it } from 'vitest';
import { ApiKey as K } from './api-keys';
import { decodeRequest, encodeResponse } from './codec';
import {
  kafkajsDecodeResponse,
  kafkajsRequestBody,
  type ResponseCase,
  range,
  runResponseCases,
} from './golden.test-util';

const OFFSET = 12345678901;
const buf = (s: string) => Buffer.from(s);

/** A real record batch (magic 2, two records), encoded by kafkajs's producer path. */
async function recordSet(): Promise<Buffer> {
  const produce = await kafkajsRequestBody('produce', 7, {
    acks: -1,
    timeout: 1000,
    topicData: [
      {
        topic: 't',
        partitions: [
          {
            partition: 0,
            messages: [
              { key: 'k1', value: 'v1', timestamp: 1700000000000 },
              { key: 'k2', value: 'x'.repeat(2000), timestamp: 1700000000001 },
            ],
          },
        ],
      },
    ],
  });
  return decodeRequest(K.Produce, 7, produce).topicData[0]?.partitionData[0]?.records as Buffer;
}

const RECORDS = await recordSet();

const cases: ResponseCase[] = [
  {
    name: 'one partition with records',
    api: K.Fetch,
    kafkajs: 'fetch',
    versions: range(4, 11),
    throttleFrom: 4,
    body: () => ({
      throttleTimeMs: 7,
      errorCode: 0,
      sessionId: 9,
      responses: [
        {
          topic: 't',
          partitions: [
            {
              partitionIndex: 0,
              errorCode: 0,
              highWatermark: OFFSET,
              lastStableOffset: OFFSET,
              logStartOffset: 3,
              abortedTransactions: [{ producerId: 77, firstOffset: 5 }],
              preferredReadReplica: -1,
              records: RECORDS,
            },
          ],
        },
      ],
    }),
    expected: (v) => ({
      ...(v >= 7 ? { errorCode: 0, sessionId: 9 } : {}),
      responses: [
        {
          topicName: 't',
          partitions: [
            {
              partition: 0,
              errorCode: 0,
              highWatermark: String(OFFSET),
              lastStableOffset: String(OFFSET),
              ...(v >= 5 ? { lastStartOffset: '3' } : {}),
              abortedTransactions: [{ producerId: '77', firstOffset: '5' }],
              ...(v >= 11 ? { preferredReadReplica: -1 } : {}),
              messages: [
                expect.objectContaining({ key: buf('k1'), value: buf('v1') }),
                expect.objectContaining({ key: buf('k2'), value: buf('x'.repeat(2000)) }),
              ],
            },
          ],
        },
      ],
    }),
  },
  {
    name: 'stable group',
    api: K.DescribeGroups,
    kafkajs: 'describeGroups',
    versions: range(0, 2),
    throttleFrom: 1,
    body: () => ({
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
              memberId: 'm1',
              clientId: 'c',
              clientHost: '/127.0.0.1',
              memberMetadata: buf('md'),
              memberAssignment: buf('as'),
            },
          ],
        },
      ],
    }),
    expected: () => ({
      groups: [
        {
          errorCode: 0,
          groupId: 'g',
          state: 'Stable',
          protocolType: 'consumer',
          protocol: 'range',
          members: [
            {
              memberId: 'm1',
              clientId: 'c',
              clientHost: '/127.0.0.1',
              memberMetadata: buf('md'),
              memberAssignment: buf('as'),
            },
          ],
        },
      ],
    }),
  },
  {
    name: 'two groups',
    api: K.ListGroups,
    kafkajs: 'listGroups',
    versions: range(0, 2),
    throttleFrom: 1,
    body: () => ({
      throttleTimeMs: 7,
      errorCode: 0,
      groups: [
        { groupId: 'a', protocolType: 'consumer' },
        { groupId: 'b', protocolType: '' },
      ],
    }),
    expected: () => ({
      errorCode: 0,
      groups: [
        { groupId: 'a', protocolType: 'consumer' },
        { groupId: 'b', protocolType: '' },
      ],
    }),
  },
  {
    name: 'deleted',
    api: K.DeleteGroups,
    kafkajs: 'deleteGroups',
    versions: range(0, 1),
    throttleFrom: 0,
    body: () => ({ throttleTimeMs: 7, results: [{ groupId: 'a', errorCode: 69 }] }),
    expected: () => ({ results: [{ groupId: 'a', errorCode: 69 }] }),
  },
  {
    name: 'created',
    api: K.CreateTopics,
    kafkajs: 'createTopics',
    versions: range(0, 3),
    throttleFrom: 2,
    body: () => ({ throttleTimeMs: 7, topics: [{ name: 't', errorCode: 36, errorMessage: 'exists' }] }),
    expected: (v) => ({
      topicErrors: [{ topic: 't', errorCode: 36, ...(v >= 1 ? { errorMessage: 'exists' } : {}) }],
    }),
  },
  {
    name: 'deleted',
    api: K.DeleteTopics,
    kafkajs: 'deleteTopics',
    versions: range(0, 1),
    throttleFrom: 1,
    body: () => ({ throttleTimeMs: 7, responses: [{ name: 't', errorCode: 0 }] }),
    expected: () => ({ topicErrors: [{ topic: 't', errorCode: 0 }] }),
  },
  {
    name: 'grown',
    api: K.CreatePartitions,
    kafkajs: 'createPartitions',
    versions: range(0, 1),
    throttleFrom: 0,
    body: () => ({ throttleTimeMs: 7, results: [{ name: 't', errorCode: 37, errorMessage: 'too few' }] }),
    expected: () => ({ topicErrors: [{ topic: 't', errorCode: 37, errorMessage: 'too few' }] }),
  },
  {
    name: 'truncated',
    api: K.DeleteRecords,
    kafkajs: 'deleteRecords',
    versions: range(0, 1),
    throttleFrom: 0,
    body: () => ({
      throttleTimeMs: 7,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, lowWatermark: OFFSET, errorCode: 0 }] }],
    }),
    expected: () => ({
      topics: [{ topic: 't', partitions: [{ partition: 0, lowWatermark: String(OFFSET), errorCode: 0 }] }],
    }),
  },
  {
    name: 'one topic config',
    api: K.DescribeConfigs,
    kafkajs: 'describeConfigs',
    versions: range(0, 2),
    throttleFrom: 0,
    body: () => ({
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
            },
          ],
        },
      ],
    }),
    expected: (v) => ({
      resources: [
        {
          errorCode: 0,
          errorMessage: null,
          resourceType: 2,
          resourceName: 't',
          configEntries: [
            {
              configName: 'retention.ms',
              configValue: '1000',
              readOnly: false,
              isDefault: false,
              isSensitive: false,
              ...(v >= 1
                ? {
                    configSource: 1,
                    configSynonyms: [{ configName: 'retention.ms', configValue: '1000', configSource: 1 }],
                  }
                : {}),
            },
          ],
        },
      ],
    }),
  },
  {
    name: 'altered',
    api: K.AlterConfigs,
    kafkajs: 'alterConfigs',
    versions: range(0, 1),
    throttleFrom: 0,
    body: () => ({
      throttleTimeMs: 7,
      responses: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 't' }],
    }),
    expected: () => ({
      resources: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 't' }],
    }),
  },
  {
    name: 'new producer',
    api: K.InitProducerId,
    kafkajs: 'initProducerId',
    versions: range(0, 1),
    throttleFrom: 0,
    body: () => ({ throttleTimeMs: 7, errorCode: 0, producerId: OFFSET, producerEpoch: 2 }),
    expected: () => ({ errorCode: 0, producerId: String(OFFSET), producerEpoch: 2 }),
  },
  {
    name: 'mechanisms',
    api: K.SaslHandshake,
    kafkajs: 'saslHandshake',
    versions: range(0, 1),
    body: () => ({ errorCode: 0, mechanisms: ['PLAIN', 'SCRAM-SHA-256'] }),
    expected: () => ({ errorCode: 0, enabledMechanisms: ['PLAIN', 'SCRAM-SHA-256'] }),
  },
];

runResponseCases('kafkajs-responses-more.json', cases);

describe('kafkajs SaslAuthenticate responses', () => {
  it.each(range(0, 1))('v%i carries error, message, bytes and (v1) session lifetime', async (v) => {
    const body = { errorCode: 0, errorMessage: null, authBytes: buf('ok'), sessionLifetimeMs: 3600000 };
    const bytes = Buffer.concat(encodeResponse(K.SaslAuthenticate, v, body).chunks);
    const decoded = (await kafkajsDecodeResponse('saslAuthenticate', v, bytes)) as Record<string, unknown>;
    expect(decoded).toMatchObject({ errorCode: 0, errorMessage: null });
    if (v >= 1) expect(decoded.sessionLifetimeMs).toBe('3600000');
  });
});
