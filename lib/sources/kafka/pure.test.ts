// Pure parts of the Kafka adapter: health rules, completing a group's offsets, topic assembly, assignment
// decoding, client options.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { embeddedCluster, kafkaCluster } from '../../config';
import { SourceConfigError } from '../errors';
import type { KafkaTopicInfo } from '../types';
import { embeddedBootstrap, kafkaClientSetup } from './client';
import { decodeMember, groupState, memberTopics } from './groups';
import { deriveHealth } from './health';
import { partitionKey, type RawMetadata } from './internal';
import { topicsOf } from './inventory';
import { completeOffsets } from './offsets';

const partition = (p: number, leader: number | null, replicas: number[], isr: number[]) => ({
  partition: p,
  leader,
  replicas,
  isr,
  offlineReplicas: [],
  offline: leader === null,
  logStart: 0,
  end: 0,
});

describe('deriveHealth', () => {
  it('finds under-replicated, under-min-ISR and offline partitions', () => {
    const topics: KafkaTopicInfo[] = [
      {
        name: 't',
        internal: false,
        replicationFactor: 3,
        configs: { 'min.insync.replicas': '2' },
        partitions: [
          partition(0, 1, [1, 2, 3], [1, 2, 3]),
          partition(1, 1, [1, 2, 3], [1, 2]),
          partition(2, 1, [1, 2, 3], [1]),
          partition(3, null, [1, 2, 3], []),
        ],
      },
      // min.insync.replicas unknown (no configs): never under-min-ISR.
      {
        name: 'u',
        internal: false,
        replicationFactor: 2,
        configs: {},
        partitions: [partition(0, 1, [1, 2], [1])],
      },
    ];
    expect(deriveHealth(topics)).toEqual({
      underReplicated: [
        { topic: 't', partition: 1 },
        { topic: 't', partition: 2 },
        { topic: 't', partition: 3 },
        { topic: 'u', partition: 0 },
      ],
      underMinIsr: [{ topic: 't', partition: 2 }],
      offline: [{ topic: 't', partition: 3 }],
    });
  });
});

describe('completeOffsets', () => {
  it('lists every partition of the interesting topics, null where nothing was committed', () => {
    const ids = new Map([
      ['a', [0, 1, 2]],
      ['b', [0, 1]],
    ]);
    const out = completeOffsets(
      [
        { topic: 'a', partition: 1, committed: 5, metadata: null },
        { topic: 'gone', partition: 0, committed: 9, metadata: 'm' },
      ],
      new Set(['b']),
      ids,
    );
    expect(out.map((o) => [o.topic, o.partition, o.committed])).toEqual([
      ['a', 0, null],
      ['a', 1, 5],
      ['a', 2, null],
      ['b', 0, null],
      ['b', 1, null],
      ['gone', 0, 9],
    ]);
  });
});

describe('topicsOf', () => {
  it('marks leaderless partitions offline, internal topics internal, and joins offsets and configs', () => {
    const metadata: RawMetadata = {
      brokers: [{ nodeId: 1, host: 'h', port: 1 }],
      controllerId: 1,
      topicMetadata: [
        {
          topicErrorCode: 0,
          topic: 'z',
          partitionMetadata: [
            {
              partitionErrorCode: 5,
              partitionId: 1,
              leader: -1,
              replicas: [2],
              isr: [],
              offlineReplicas: [2],
            },
            { partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1], isr: [1] },
          ],
        },
        { topicErrorCode: 0, topic: '__consumer_offsets', partitionMetadata: [] },
      ],
    };
    const offsets = new Map([[partitionKey('z', 0), { logStart: 3, end: 9 }]]);
    const topics = topicsOf(metadata, offsets, new Map([['z', { 'retention.ms': '1' }]]));
    expect(topics.map((t) => [t.name, t.internal])).toEqual([
      ['__consumer_offsets', true],
      ['z', false],
    ]);
    expect(topics[1]?.configs).toEqual({ 'retention.ms': '1' });
    expect(topics[1]?.partitions).toEqual([
      {
        partition: 0,
        leader: 1,
        replicas: [1],
        isr: [1],
        offlineReplicas: [],
        offline: false,
        logStart: 3,
        end: 9,
      },
      {
        partition: 1,
        leader: null,
        replicas: [2],
        isr: [],
        offlineReplicas: [2],
        offline: true,
        logStart: null,
        end: null,
      },
    ]);
  });
});

describe('groups', () => {
  it('decodes consumer-protocol members into sorted subscriptions and assignments', () => {
    const member = {
      memberId: 'm-1',
      clientId: 'c',
      clientHost: '/127.0.0.1',
      memberMetadata: AssignerProtocol.MemberMetadata.encode({
        version: 0,
        topics: ['b', 'a'],
        userData: Buffer.alloc(0),
      }),
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 0,
        assignment: { b: [2, 0], a: [1] },
        userData: Buffer.alloc(0),
      }),
    };
    const m = decodeMember(member, 'consumer');
    expect(m).toEqual({
      memberId: 'm-1',
      clientId: 'c',
      host: '/127.0.0.1',
      subscribedTopics: ['a', 'b'],
      assignments: [
        { topic: 'a', partitions: [1] },
        { topic: 'b', partitions: [0, 2] },
      ],
    });
    expect(memberTopics([m])).toEqual(new Set(['a', 'b']));
    // Other protocols (Connect) and garbage are not decoded.
    expect(decodeMember(member, 'connect').assignments).toEqual([]);
    expect(
      decodeMember({ ...member, memberAssignment: Buffer.from([1, 2, 3]) }, 'consumer').assignments,
    ).toEqual([]);
  });

  it('maps group states, old names included', () => {
    expect(groupState('AwaitingSync')).toBe('CompletingRebalance');
    expect(groupState('Stable')).toBe('Stable');
    expect(groupState('Whatever')).toBe('Unknown');
  });
});

describe('kafkaClientSetup', () => {
  it('reads TLS PEM files, passes SASL, and applies config timeouts and the short retry', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'spillway-pem-'));
    writeFileSync(path.join(dir, 'ca.pem'), 'CA PEM');
    const cluster = kafkaCluster.parse({
      name: 'k',
      kind: 'kafka',
      brokers: ['h:9093'],
      ssl: { ca: path.join(dir, 'ca.pem'), rejectUnauthorized: false },
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'secret' },
      connectionTimeoutMs: 1234,
    });
    const { config, settings, redactor } = kafkaClientSetup(cluster);
    expect(config.ssl).toEqual({ rejectUnauthorized: false, ca: ['CA PEM'] });
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'secret' });
    expect(config.connectionTimeout).toBe(1234);
    expect(settings.retry.retries).toBe(2);
    expect(redactor.redact('x secret y')).toBe('x *** y');
  });

  it('refuses an unreadable PEM file with SourceConfigError, and dials a wildcard embedded bind on loopback', () => {
    const cluster = kafkaCluster.parse({
      name: 'k',
      kind: 'kafka',
      brokers: ['h:1'],
      ssl: { ca: '/no/such.pem' },
    });
    expect(() => kafkaClientSetup(cluster)).toThrow(SourceConfigError);
    const e = embeddedCluster.parse({ name: 'e', kind: 'embedded', host: '0.0.0.0', port: 9092 });
    expect(embeddedBootstrap(e)).toBe('127.0.0.1:9092');
    expect(kafkaClientSetup(e).config.brokers).toEqual(['127.0.0.1:9092']);
  });
});
