/**
 * The decisions a group coordinator is composed of, as the broker is of its parts (broker/parts.ts): the reference
 * takes Kafka's classic-protocol rules; a group variant of the bug zoo swaps exactly one. Pure functions over plain data.
 */
import type { ErrorCode } from '../protocol/errors.ts';
import type { MemberAssignment } from '../protocol/group-messages.ts';
import type { LogRecord } from '../protocol/records.ts';
import type { Group } from './group-state.ts';
import { loadGroups } from './offsets-log.ts';

export interface CoordinatorParts {
  /**
   * Kafka's ClassicGroup.validateOffsetCommit: NONE lets the commit be written. `group` is undefined for a group the
   * coordinator does not know (a commit with generation -1 creates it).
   */
  commitError(group: Readonly<Group> | undefined, memberId: string, generation: number): ErrorCode;
  /** When a commit is answered and takes effect: once `__consumer_offsets` replicated it (acks=all), or at the append. */
  commitDurability(): 'whenReplicated' | 'whenAppended';
  /** The assignment the coordinator keeps and hands out from the leader's SyncGroup (the reference keeps it as sent). */
  acceptedAssignment(group: Readonly<Group>, fromLeader: readonly MemberAssignment[]): MemberAssignment[];
  /** The groups a new coordinator rebuilds from its `__consumer_offsets` partition's log (offsets-log.ts). */
  groupsFromLog(log: readonly LogRecord[], offsetsPartition: number, nowMs: number): Record<string, Group>;
}

/** ClassicGroup.validateOffsetCommit (group-coordinator module), for members without a group.instance.id. */
export function classicCommitError(group: Readonly<Group> | undefined, memberId: string, generation: number): ErrorCode {
  if (!group) return generation < 0 ? 'NONE' : 'ILLEGAL_GENERATION';
  if (group.phase === 'Dead') return 'COORDINATOR_NOT_AVAILABLE';
  if (generation < 0 && group.phase === 'Empty') return 'NONE'; // a consumer that `assign`s, or an admin client
  if (generation >= 0 || memberId !== '') {
    if (!group.members[memberId]) return 'UNKNOWN_MEMBER_ID';
    if (generation !== group.generation) return 'ILLEGAL_GENERATION';
  } else if (group.phase !== 'Empty') return 'UNKNOWN_MEMBER_ID';
  // The member has the generation's join response but not yet its assignment.
  if (group.phase === 'CompletingRebalance') return 'REBALANCE_IN_PROGRESS';
  return 'NONE';
}

export const referenceCoordinatorParts: CoordinatorParts = {
  commitError: classicCommitError,
  commitDurability: () => 'whenReplicated',
  acceptedAssignment: (_group, fromLeader) => fromLeader.map((a) => ({ memberId: a.memberId, partitions: [...a.partitions] })),
  groupsFromLog: loadGroups,
};
