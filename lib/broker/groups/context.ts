import type { GroupConfig } from './config';
import type { RebalanceEngine } from './engine';
import type { ClassicGroup } from './group';

/** What the per-API operations need from the coordinator: the engine and the group directory. */
export interface GroupContext {
  readonly config: GroupConfig;
  readonly engine: RebalanceEngine;
  group(groupId: string): ClassicGroup | undefined;
  /** Creates an Empty group (JoinGroup with an unknown member, or a commit with generation -1). */
  createGroup(groupId: string): ClassicGroup;
  /** Forgets a group created by this request if it ended up with no member, pending member or offsets. */
  discardIfUnused(group: ClassicGroup): void;
  /** Persists the group's metadata (generation, protocol type) after a change outside a rebalance. */
  persistGroup(group: ClassicGroup): void;
}
