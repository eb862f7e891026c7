import { copyFile, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorCode } from '../errors';
import { ManualScheduler } from './clock';
import { GroupCoordinator } from './coordinator';
import { JOURNAL_FILE, SNAPSHOT_FILE } from './journal';
import { FILE_HEADER } from './records';
import { joinRequest, openTestCoordinator, rc, SETTLE_MS } from './testing';

const NONE = 0;
let root: string;
const open: GroupCoordinator[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'spillway-groups-'));
});

afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  await rm(root, { recursive: true, force: true });
});

async function openAt(dir: string, config = {}) {
  const t = await openTestCoordinator(config, dir, new ManualScheduler());
  open.push(t.coordinator);
  return t;
}

function commitOne(
  coordinator: GroupCoordinator,
  groupId: string,
  topic: string,
  partition: number,
  offset: number,
) {
  return coordinator.commitOffsets({
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    topics: [
      {
        name: topic,
        partitions: [{ partitionIndex: partition, committedOffset: offset, committedMetadata: `o${offset}` }],
      },
    ],
  });
}

function offsetsOf(coordinator: GroupCoordinator, groupId: string): [string, number, number][] {
  return coordinator.committedOffsets(groupId).map((o) => [o.topic, o.partition, o.offset]);
}

describe('offset store persistence', () => {
  it('committed offsets and group metadata survive close and reopen; the group comes back Empty', async () => {
    const dir = join(root, 'groups');
    const first = await openAt(dir);
    const join1 = first.coordinator.joinGroup(joinRequest('app'), rc(3));
    first.scheduler.advance(SETTLE_MS);
    const { memberId, generationId } = await join1;
    await first.coordinator.syncGroup({ groupId: 'app', generationId, memberId, assignments: [] });
    const committed = await first.coordinator.commitOffsets({
      groupId: 'app',
      generationIdOrMemberEpoch: generationId,
      memberId,
      topics: [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 2, committedOffset: 42, committedLeaderEpoch: 7, committedMetadata: 'md' },
          ],
        },
      ],
    });
    expect(committed.topics[0]?.partitions[0]?.errorCode).toBe(NONE);
    await commitOne(first.coordinator, 'tool', 'orders', 0, 5);
    await first.coordinator.close();

    const second = await openAt(dir);
    const c = second.coordinator;
    expect(c.listGroups().groups).toEqual([
      { groupId: 'app', protocolType: 'consumer', groupState: 'Empty' },
      { groupId: 'tool', protocolType: '', groupState: 'Empty' },
    ]);
    expect(
      c.fetchOffsets({ groupId: 'app', topics: [{ name: 'orders', partitionIndexes: [2] }] }).topics[0]
        ?.partitions,
    ).toEqual([
      { partitionIndex: 2, committedOffset: 42, committedLeaderEpoch: 7, metadata: 'md', errorCode: NONE },
    ]);
    expect(offsetsOf(c, 'tool')).toEqual([['orders', 0, 5]]);
    // The old member is gone; its next heartbeat tells it to rejoin, and the generation keeps counting.
    expect(c.heartbeat({ groupId: 'app', generationId, memberId }).errorCode).toBe(
      errorCode('UNKNOWN_MEMBER_ID'),
    );
    const rejoin = c.joinGroup(joinRequest('app'), rc(3));
    second.scheduler.advance(SETTLE_MS);
    expect((await rejoin).generationId).toBe(generationId + 1);
  });

  it('a torn journal tail is cut on reopen; earlier commits are intact and new ones append cleanly', async () => {
    const dir = join(root, 'live');
    const { coordinator } = await openAt(dir);
    for (let i = 0; i < 5; i++) await commitOne(coordinator, 'g', 't', i, 100 + i);
    // Crash image: copy the files while the coordinator is still running, then tear the last record.
    const crashed = join(root, 'crashed');
    await openAt(crashed).then(({ coordinator: c }) => c.close());
    await copyFile(join(dir, JOURNAL_FILE), join(crashed, JOURNAL_FILE));
    const size = (await stat(join(crashed, JOURNAL_FILE))).size;
    await truncate(join(crashed, JOURNAL_FILE), size - 3);
    await rm(join(crashed, SNAPSHOT_FILE), { force: true });

    const warnings: string[] = [];
    const reopened = await GroupCoordinator.open({
      dataDir: crashed,
      scheduler: new ManualScheduler(),
      onWarning: (message) => warnings.push(message),
    });
    open.push(reopened);
    expect(warnings).toEqual([expect.stringMatching(/dropped a torn tail of \d+ bytes/)]);
    expect(offsetsOf(reopened, 'g')).toEqual([
      ['t', 0, 100],
      ['t', 1, 101],
      ['t', 2, 102],
      ['t', 3, 103],
    ]);
    await commitOne(reopened, 'g', 't', 9, 900);
    await reopened.close();
    const again = await openAt(crashed);
    expect(offsetsOf(again.coordinator, 'g').at(-1)).toEqual(['t', 9, 900]);
  });

  it('compaction folds the journal into a snapshot that keeps only the latest offsets', async () => {
    const dir = join(root, 'compact');
    const { coordinator } = await openAt(dir, { compactThresholdBytes: 512 });
    for (let i = 0; i < 60; i++) await commitOne(coordinator, 'g', 't', i % 3, i);
    expect((await stat(join(dir, SNAPSHOT_FILE))).size).toBeGreaterThan(FILE_HEADER.length);
    expect((await stat(join(dir, JOURNAL_FILE))).size).toBeLessThan(512);
    await coordinator.compact();
    expect((await stat(join(dir, JOURNAL_FILE))).size).toBe(FILE_HEADER.length);
    await commitOne(coordinator, 'g', 't', 0, 1000);
    // Crash between snapshot rename and journal cut: the journal replays on top of a snapshot holding it.
    const journalBefore = await readFile(join(dir, JOURNAL_FILE));
    await coordinator.compact();
    await writeFile(join(dir, JOURNAL_FILE), journalBefore);
    const copy = join(root, 'copy');
    await openAt(copy).then(({ coordinator: c }) => c.close());
    await copyFile(join(dir, SNAPSHOT_FILE), join(copy, SNAPSHOT_FILE));
    await copyFile(join(dir, JOURNAL_FILE), join(copy, JOURNAL_FILE));
    const reopened = await openAt(copy);
    expect(offsetsOf(reopened.coordinator, 'g')).toEqual([
      ['t', 0, 1000],
      ['t', 1, 58],
      ['t', 2, 59],
    ]);
  });

  it('concurrent commits are group-committed and all durable', async () => {
    const dir = join(root, 'batch');
    const { coordinator } = await openAt(dir);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => commitOne(coordinator, `g${i % 5}`, 'topic', i, i * 10)),
    );
    expect(results.every((r) => r.topics[0]?.partitions[0]?.errorCode === NONE)).toBe(true);
    // Commits issued together share write+fdatasync batches.
    expect(coordinator.storeStats()?.flushes).toBeLessThan(50);
    await coordinator.close();
    const reopened = await openAt(dir);
    const total = [0, 1, 2, 3, 4].reduce(
      (n, g) => n + reopened.coordinator.committedOffsets(`g${g}`).length,
      0,
    );
    expect(total).toBe(50);
  });

  it('deleted groups and topics stay deleted after a restart', async () => {
    const dir = join(root, 'deleted');
    const { coordinator } = await openAt(dir);
    await commitOne(coordinator, 'drop-me', 't', 0, 1);
    await commitOne(coordinator, 'keep', 'old-topic', 0, 1);
    await commitOne(coordinator, 'keep', 't', 0, 2);
    expect(await coordinator.deleteGroups(['drop-me'])).toEqual([{ groupId: 'drop-me', errorCode: NONE }]);
    await coordinator.deleteTopicOffsets('old-topic');
    await coordinator.close();
    const reopened = await openAt(dir);
    expect(reopened.coordinator.listGroups().groups.map((g) => g.groupId)).toEqual(['keep']);
    expect(offsetsOf(reopened.coordinator, 'keep')).toEqual([['t', 0, 2]]);
  });

  it('refuses to open a file that is not a group store', async () => {
    const dir = join(root, 'foreign');
    await openAt(dir).then(({ coordinator: c }) => c.close());
    await writeFile(join(dir, JOURNAL_FILE), Buffer.from('definitely not a journal'));
    await expect(openTestCoordinator({}, dir)).rejects.toThrow(/not a group store file/);
  });
});
