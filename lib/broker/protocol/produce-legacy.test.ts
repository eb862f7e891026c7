/**
 * Scenario: Produce v0–v2 are listed in ApiVersions so that librdkafka before 2.11.1 compresses with gzip,
 * snappy and lz4 (it checks for Produce v0). The codec must then read those requests as kafkajs writes
 * them and answer in layouts kafkajs's own v0–v2 response decoders read.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ApiKey, supportedApiVersions } from './api-keys';
import { decodeRequest, encodeResponse } from './codec';
import { toBuffer } from './writer';

const require = createRequire(import.meta.url);

type KafkajsRequest = { encode: () => Promise<{ buffer: Buffer }> };
type KafkajsResponse = { decode: (b: Buffer) => Promise<unknown> };

function kafkajsProduce(version: number): {
  request: (args: unknown) => KafkajsRequest;
  response: KafkajsResponse;
} {
  return {
    request: require(`kafkajs/src/protocol/requests/produce/v${version}/request.js`),
    response: require(`kafkajs/src/protocol/requests/produce/v${version}/response.js`),
  };
}

describe('Produce v0–v2', () => {
  it('is listed from v0 in ApiVersions', () => {
    expect(supportedApiVersions().find((a) => a.apiKey === ApiKey.Produce)).toEqual({
      apiKey: ApiKey.Produce,
      minVersion: 0,
      maxVersion: 8,
    });
  });

  for (const version of [0, 1, 2]) {
    it(`v${version}: decodes kafkajs's request and answers in a layout kafkajs reads`, async () => {
      const { request, response } = kafkajsProduce(version);
      const encoded = await request({
        acks: -1,
        timeout: 3000,
        topicData: [
          { topic: 'orders', partitions: [{ partition: 2, messages: [{ key: 'k', value: 'v' }] }] },
        ],
      }).encode();
      const body = decodeRequest(ApiKey.Produce, version, encoded.buffer);
      expect(body.transactionalId).toBeNull();
      expect(body.acks).toBe(-1);
      expect(body.timeoutMs).toBe(3000);
      expect(body.topicData).toHaveLength(1);
      expect(body.topicData[0]?.name).toBe('orders');
      expect(body.topicData[0]?.partitionData[0]?.index).toBe(2);
      // the legacy message set arrives as opaque bytes, ending with the value
      expect(body.topicData[0]?.partitionData[0]?.records?.subarray(-1).toString()).toBe('v');

      const out = toBuffer(
        encodeResponse(ApiKey.Produce, version, {
          responses: [
            {
              name: 'orders',
              partitionResponses: [
                {
                  index: 2,
                  errorCode: 43,
                  baseOffset: -1,
                  logAppendTimeMs: -1,
                  logStartOffset: -1,
                  recordErrors: [],
                  errorMessage: 'message format v1 is not supported',
                },
              ],
            },
          ],
          throttleTimeMs: 0,
        }),
      );
      const decoded = (await response.decode(out)) as {
        topics: {
          topicName: string;
          partitions: { partition: number; errorCode: number; offset: string }[];
        }[];
      };
      expect(decoded.topics).toEqual([
        {
          topicName: 'orders',
          partitions: [
            expect.objectContaining({
              partition: 2,
              errorCode: 43,
              offset: '-1',
              ...(version >= 2 ? { timestamp: '-1' } : {}),
            }),
          ],
        },
      ]);
      // v0 has no throttle time; v1 and v2 end with it
      expect(out.length).toBe(
        4 + (2 + 6) + 4 + (4 + 2 + 8) + (version >= 2 ? 8 : 0) + (version >= 1 ? 4 : 0),
      );
    });
  }
});
