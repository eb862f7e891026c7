/*
 * Scenario: an operator tool built on kafkajs 2.2.4 (Spillway's own sources layer, for one) administers
 * the embedded broker over TCP with every admin call Spillway uses. This file: group inspection and
 * deletion, offset resets on an empty group, topic configs and record deletion. Every
 * answer is checked against what the broker really did, not only that the call resolved.
 */
import { AssignerProtocol, ConfigResourceTypes, ConfigSource } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  admin,
  consumeAndCommit,
  createTopic,
  errorTypes,
  groupOffsets,
  kafka,
  produceTo,
  registerAdminBroker,
  rejection,
  runConsumer,
  stopConsumer,
  strict,
  tb,
  trackConsumer,
} from './helpers/admin-fixture';
import { FAST_CONSUMER, readAll, toConsumed } from './helpers/kafkajs';
import { eventually, uniqueName } from './helpers/services';

registerAdminBroker();

describe('kafkajs admin: groups', () => {
  it('describeGroups, listGroups and deleteGroups follow a group from active to empty to gone', async () => {
    const topic = await createTopic(2);
    await produceTo(topic, 0, 2);
    await produceTo(topic, 1, 2);
    const groupId = uniqueName('admin-groups');
    const seen: { partition: number; value: string }[] = [];
    const consumer = await runConsumer(groupId, topic, seen);
    await eventually(() => (seen.length >= 4 ? true : undefined), { what: '4 messages consumed' });

    const stable = await eventually(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        return groups[0]?.state === 'Stable' ? groups[0] : undefined;
      },
      { what: 'group Stable' },
    );
    expect((stable as { errorCode?: number }).errorCode).toBe(0);
    expect(stable.protocolType).toBe('consumer');
    expect(stable.protocol).toBe('RoundRobinAssigner');
    expect(stable.members).toHaveLength(1);
    const member = stable.members[0]!;
    expect(member.clientId).toBeTruthy();
    expect(member.clientHost).toMatch(/127\.0\.0\.1/);
    const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    expect(assignment?.assignment).toEqual({ [topic]: [0, 1] });
    const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
    expect(metadata?.topics).toEqual([topic]);

    const listed = await admin.listGroups();
    expect(listed.groups).toContainEqual({ groupId, protocolType: 'consumer' });

    // a group with members cannot be deleted
    const err = await rejection(strict.deleteGroups([groupId]));
    expect(errorTypes(err)).toContain('NON_EMPTY_GROUP');
    expect((await admin.describeGroups([groupId])).groups[0]?.state).toBe('Stable');

    // resetting offsets needs an empty group
    await rejection(strict.resetOffsets({ groupId, topic, earliest: true }));

    await stopConsumer(consumer);
    const empty = (await admin.describeGroups([groupId])).groups[0];
    expect(empty?.state).toBe('Empty');
    expect(empty?.members).toEqual([]);
    expect(await groupOffsets(groupId, topic)).toEqual({ 0: '2', 1: '2' });

    const deleted = await admin.deleteGroups([groupId]);
    expect(deleted).toEqual([expect.objectContaining({ groupId, errorCode: 0 })]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);
    expect((await admin.describeGroups([groupId])).groups[0]?.state).toBe('Dead');
    expect(await groupOffsets(groupId, topic)).toEqual({ 0: '-1', 1: '-1' });

    const again = await rejection(strict.deleteGroups([groupId]));
    expect(errorTypes(again)).toContain('GROUP_ID_NOT_FOUND');
  });

  it('resetOffsets (earliest, latest) and setOffsets move empty groups, and consumers start there', async () => {
    const topic = await createTopic(2);
    await produceTo(topic, 0, 6, 'p0');
    await produceTo(topic, 1, 4, 'p1');
    const early = uniqueName('admin-reset-earliest');
    const late = uniqueName('admin-reset-latest');
    const set = uniqueName('admin-set');
    // two groups that consumed everything, then two more records arrive on partition 0
    await Promise.all([
      consumeAndCommit(early, topic, { 0: '6', 1: '4' }),
      consumeAndCommit(late, topic, { 0: '6', 1: '4' }),
    ]);
    await produceTo(topic, 0, 2, 'more');

    // kafkajs' resetOffsets/setOffsets each take ~5 s (an idle fetch loop): run them side by side
    await Promise.all([
      admin.resetOffsets({ groupId: early, topic, earliest: true }),
      admin.resetOffsets({ groupId: late, topic, earliest: false }),
      // a group that does not exist yet is created Empty with exactly these offsets
      admin.setOffsets({
        groupId: set,
        topic,
        partitions: [
          { partition: 0, offset: '4' },
          { partition: 1, offset: '1' },
        ],
      }),
    ]);
    // kafkajs commits the ListOffsets sentinels: -2 earliest, -1 latest
    expect(await groupOffsets(early, topic)).toEqual({ 0: '-2', 1: '-2' });
    expect(await groupOffsets(late, topic)).toEqual({ 0: '-1', 1: '-1' });
    expect(await groupOffsets(set, topic)).toEqual({ 0: '4', 1: '1' });
    const { groups } = await admin.describeGroups([early, late, set]);
    expect(groups.map((g) => g.state)).toEqual(['Empty', 'Empty', 'Empty']);

    type Seen = { partition: number; value: string }[];
    const seen: { early: Seen; late: Seen; set: Seen } = { early: [], late: [], set: [] };
    const cEarly = await runConsumer(early, topic, seen.early);
    // without the reset this group would resume at 6 on partition 0 and read more-0, more-1
    const cLate = await runConsumer(late, topic, seen.late, false);
    const cSet = await runConsumer(set, topic, seen.set);
    await cLate.fetched;
    await produceTo(topic, 1, 1, 'late');
    await eventually(
      () => (seen.early.length >= 13 && seen.set.length >= 8 && seen.late.length >= 1 ? true : undefined),
      { what: 'every consumer caught up' },
    );
    await Promise.all([cEarly, cLate, cSet].map(stopConsumer));
    const values = (list: { value: string }[]) => list.map((m) => m.value).sort();
    expect(values(seen.late)).toEqual(['late-0']);
    expect(values(seen.set)).toEqual(['late-0', 'more-0', 'more-1', 'p0-4', 'p0-5', 'p1-1', 'p1-2', 'p1-3']);
    expect(values(seen.early)).toEqual(
      [
        'late-0',
        'more-0',
        'more-1',
        ...[0, 1, 2, 3, 4, 5].map((i) => `p0-${i}`),
        'p1-0',
        'p1-1',
        'p1-2',
        'p1-3',
      ].sort(),
    );
    expect(await groupOffsets(early, topic)).toEqual({ 0: '8', 1: '5' });
    expect(await groupOffsets(set, topic)).toEqual({ 0: '8', 1: '5' });
    // kafkajs commits only what it consumed: nothing new arrived on partition 0
    expect(await groupOffsets(late, topic)).toEqual({ 0: '-1', 1: '5' });
  });
});

describe('kafkajs admin: configs and records', () => {
  it('describeConfigs shows topic overrides and defaults; alterConfigs replaces the overrides', async () => {
    const topic = await createTopic(1, [
      { name: 'retention.ms', value: '3600000' },
      { name: 'max.message.bytes', value: '200000' },
    ]);
    const describe = async (names?: string[]) => {
      const r = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: topic, ...(names ? { configNames: names } : {}) },
        ],
      });
      expect(r.resources[0]?.errorCode).toBe(0);
      return new Map((r.resources[0]?.configEntries ?? []).map((e) => [e.configName, e]));
    };
    let configs = await describe(['retention.ms', 'max.message.bytes', 'cleanup.policy']);
    expect([...configs.keys()].sort()).toEqual(['cleanup.policy', 'max.message.bytes', 'retention.ms']);
    expect(configs.get('retention.ms')).toMatchObject({
      configValue: '3600000',
      isDefault: false,
      configSource: ConfigSource.TOPIC_CONFIG,
    });
    expect(configs.get('max.message.bytes')?.configValue).toBe('200000');
    expect(configs.get('cleanup.policy')).toMatchObject({ configValue: 'delete', isDefault: true });
    // without names: every config, retention.bytes among them
    expect((await describe()).get('retention.bytes')?.configValue).toBe('-1');

    // validateOnly changes nothing
    await admin.alterConfigs({
      validateOnly: true,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [{ name: 'retention.ms', value: '1' }],
        },
      ],
    });
    expect((await describe(['retention.ms'])).get('retention.ms')?.configValue).toBe('3600000');

    // AlterConfigs is a full replacement: max.message.bytes, not listed, goes back to its default
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [
            { name: 'retention.ms', value: '86400000' },
            { name: 'retention.bytes', value: '1048576' },
          ],
        },
      ],
    });
    configs = await describe(['retention.ms', 'retention.bytes', 'max.message.bytes']);
    expect(configs.get('retention.ms')).toMatchObject({ configValue: '86400000', isDefault: false });
    expect(configs.get('retention.bytes')).toMatchObject({ configValue: '1048576', isDefault: false });
    expect(configs.get('max.message.bytes')?.isDefault).toBe(true);
    expect(configs.get('max.message.bytes')?.configValue).not.toBe('200000');

    // invalid values and unknown topics are refused; nothing changes
    const bad = await rejection(
      strict.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configEntries: [{ name: 'retention.ms', value: 'forever' }],
          },
        ],
      }),
    );
    expect(errorTypes(bad)).toContain('INVALID_CONFIG');
    expect((await describe(['retention.ms'])).get('retention.ms')?.configValue).toBe('86400000');
    const unknown = await rejection(
      strict.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: uniqueName('missing') }],
      }),
    );
    expect(errorTypes(unknown)).toContain('UNKNOWN_TOPIC_OR_PARTITION');

    // the broker resource answers with its static settings
    const broker = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.BROKER, name: String(tb.broker.nodeId) }],
    });
    const brokerConfigs = new Map(
      broker.resources[0]?.configEntries.map((e) => [e.configName, e.configValue]),
    );
    expect(brokerConfigs.get('broker.id')).toBe(String(tb.broker.nodeId));
  });

  it('deleteTopicRecords moves the log start offset; consumers from the beginning start there', async () => {
    const topic = await createTopic(2);
    await produceTo(topic, 0, 10, 'p0');
    await produceTo(topic, 1, 6, 'p1');
    // kafkajs looks the leaders up in its cached metadata without loading it first
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({
      topic,
      partitions: [
        { partition: 0, offset: '4' },
        { partition: 1, offset: '-1' },
      ],
    });
    const offsets = Object.fromEntries(
      (await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, { low: o.low, high: o.high }]),
    );
    expect(offsets).toEqual({ 0: { low: '4', high: '10' }, 1: { low: '6', high: '6' } });
    // lookups by time never point below the log start (partition 1 has no record left: the high watermark)
    const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, 0);
    expect(Object.fromEntries(byTime.map((o) => [o.partition, o.offset]))).toEqual({ 0: '4', 1: '6' });

    const messages = await readAll(kafka, topic);
    expect(messages.map((m) => `${m.partition}:${m.offset}:${m.value}`)).toEqual(
      [4, 5, 6, 7, 8, 9].map((o) => `0:${o}:p0-${o}`),
    );

    // records behind the new start are gone even when asked for explicitly
    const consumer = kafka.consumer({ groupId: uniqueName('admin-seek'), ...FAST_CONSUMER });
    trackConsumer(consumer);
    const got: ReturnType<typeof toConsumed>[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        got.push(toConsumed(partition, message));
      },
    });
    consumer.seek({ topic, partition: 0, offset: '1' });
    await produceTo(topic, 1, 1, 'after');
    await eventually(() => (got.some((m) => m.value === 'after-0') && got.length >= 7 ? true : undefined), {
      what: 'messages after the deletion',
    });
    expect(Math.min(...got.filter((m) => m.partition === 0).map((m) => m.offset))).toBe(4);
    expect(got.find((m) => m.value === 'after-0')?.offset).toBe(6);

    // beyond the high watermark is an error and moves nothing
    await strict.fetchTopicMetadata({ topics: [topic] });
    const err = await rejection(
      strict.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '50' }] }),
    );
    expect(errorTypes(err)).toContain('OFFSET_OUT_OF_RANGE');
    expect((await admin.fetchTopicOffsets(topic)).find((o) => o.partition === 0)?.low).toBe('4');
  });
});
