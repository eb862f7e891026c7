/** Helpers for the coordinator's tests: a coordinator on a manual clock, and request builders. */
import { ManualScheduler } from './clock';
import type { GroupConfig } from './config';
import { GroupCoordinator } from './coordinator';
import type { JoinGroupProtocol, JoinGroupRequest, JoinGroupResult, RequestContext } from './types';

export const SESSION_MS = 10_000;
export const REBALANCE_MS = 30_000;
export const INITIAL_DELAY_MS = 100;
/** Long enough for an initial rebalance to finish even when each join extended the delay once. */
export const SETTLE_MS = 10 * INITIAL_DELAY_MS;

export interface TestCoordinator {
  readonly scheduler: ManualScheduler;
  readonly coordinator: GroupCoordinator;
}

export async function openTestCoordinator(
  config: Partial<GroupConfig> = {},
  dataDir: string | null = null,
  scheduler = new ManualScheduler(),
): Promise<TestCoordinator> {
  const coordinator = await GroupCoordinator.open({
    scheduler,
    dataDir,
    config: { initialRebalanceDelayMs: INITIAL_DELAY_MS, ...config },
  });
  return { scheduler, coordinator };
}

export function rc(apiVersion = 5, clientId = 'client'): RequestContext {
  return { apiVersion, clientId, clientHost: '/127.0.0.1' };
}

export function protocols(...names: string[]): JoinGroupProtocol[] {
  return (names.length > 0 ? names : ['range']).map((name) => ({
    name,
    metadata: Buffer.from(`meta-${name}`),
  }));
}

export function joinRequest(groupId: string, overrides: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId,
    sessionTimeoutMs: SESSION_MS,
    rebalanceTimeoutMs: REBALANCE_MS,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: protocols(),
    ...overrides,
  };
}

/** 'pending' if the promise has not settled after pending I/O callbacks and microtasks ran. */
export async function settled<T>(p: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([p, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))]);
}

/** JoinGroup v4+ two-step: MEMBER_ID_REQUIRED, then the parked rejoin with the handed-out id. */
export async function joinWithId(
  coordinator: GroupCoordinator,
  groupId: string,
  overrides: Partial<JoinGroupRequest> = {},
): Promise<{ memberId: string; join: Promise<JoinGroupResult> }> {
  const first = await coordinator.joinGroup(joinRequest(groupId, overrides), rc(5));
  const memberId = first.memberId;
  return { memberId, join: coordinator.joinGroup(joinRequest(groupId, { ...overrides, memberId }), rc(5)) };
}
