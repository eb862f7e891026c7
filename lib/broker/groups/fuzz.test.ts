import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../errors';
import { joinRequest, openTestCoordinator, protocols, rc } from './testing';
import type { JoinGroupResult, SyncGroupResult } from './types';

/** Random client behaviour against one group: nothing may throw, and close() settles every parked request. */
const client = fc.nat(2);
const op = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('join' as const),
      client,
      version: fc.constantFrom(3, 4, 5),
      alt: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('static' as const), client }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), client }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('heartbeat' as const), client }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), client }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('commit' as const), client, admin: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.constantFrom(50, 1_000, 5_000, 12_000, 40_000),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const) }) },
);

describe('coordinator under random client behaviour', () => {
  it('never throws and leaves nothing parked or scheduled after close', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 20, maxLength: 80 }), async (ops) => {
        const { coordinator, scheduler } = await openTestCoordinator();
        const ids = ['', '', ''];
        const generations = [-1, -1, -1];
        const parked: Promise<JoinGroupResult | SyncGroupResult>[] = [];
        const joining = [false, false, false];
        const onJoin = (client: number) => (r: JoinGroupResult) => {
          joining[client] = false;
          if (r.memberId !== '') ids[client] = r.memberId;
          if (r.errorCode === 0) generations[client] = r.generationId;
          if (r.errorCode === errorCode('UNKNOWN_MEMBER_ID')) ids[client] = '';
          return r;
        };
        for (const o of ops) {
          const client = 'client' in o ? o.client : 0;
          const memberId = ids[client] ?? '';
          const generationId = generations[client] ?? -1;
          switch (o.kind) {
            case 'join': {
              // A real client has one JoinGroup in flight at a time.
              if (joining[client]) break;
              joining[client] = true;
              const p = o.alt ? protocols('roundrobin', 'range') : protocols('range');
              parked.push(
                coordinator
                  .joinGroup(joinRequest('fz', { memberId, protocols: p }), rc(o.version))
                  .then(onJoin(client)),
              );
              break;
            }
            case 'static':
              if (joining[client]) break;
              joining[client] = true;
              parked.push(
                coordinator
                  .joinGroup(joinRequest('fz', { memberId, groupInstanceId: `i${client}` }), rc(5))
                  .then(onJoin(client)),
              );
              break;
            case 'sync':
              parked.push(
                coordinator.syncGroup({
                  groupId: 'fz',
                  generationId,
                  memberId,
                  assignments: ids.map((id) => ({ memberId: id, assignment: Buffer.from('x') })),
                }),
              );
              break;
            case 'heartbeat':
              coordinator.heartbeat({ groupId: 'fz', generationId, memberId });
              break;
            case 'leave':
              coordinator.leaveGroup({ groupId: 'fz', members: [{ memberId }] });
              break;
            case 'commit':
              await coordinator.commitOffsets({
                groupId: 'fz',
                generationIdOrMemberEpoch: o.admin ? -1 : generationId,
                memberId: o.admin ? '' : memberId,
                topics: [
                  {
                    name: 't',
                    partitions: [{ partitionIndex: client, committedOffset: 1, committedMetadata: null }],
                  },
                ],
              });
              break;
            case 'advance':
              scheduler.advance(o.ms);
              break;
            case 'delete':
              await coordinator.deleteGroups(['fz']);
              break;
          }
          await new Promise((resolve) => setImmediate(resolve)); // let answered requests update the clients
          const state = coordinator.describeGroup('fz');
          if (state && state.groupState !== 'Empty' && state.groupState !== 'PreparingRebalance') {
            expect(state.members.length).toBeGreaterThan(0);
          }
        }
        await coordinator.close();
        await Promise.all(parked);
        expect(scheduler.pending).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
