/**
 * The assignors the group leader runs in the classic protocol (Kafka's RangeAssignor and RoundRobinAssignor), for
 * one topic: members sorted by member id; range gives each a contiguous run (the first `partitions % members` get one
 * more), round-robin deals the partitions out in turn. Left out: cooperative-sticky and its incremental revocation.
 */
import type { AssignorName } from '../../config/groups.ts';
import type { PartitionId } from '../../kernel/ids.ts';
import type { MemberAssignment } from '../../protocol/group-messages.ts';

export type Assignor = (memberIds: readonly string[], partitions: readonly PartitionId[]) => MemberAssignment[];

function sortedIds(memberIds: readonly string[]): string[] {
  return [...memberIds].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

export const rangeAssignor: Assignor = (memberIds, partitions) => {
  const members = sortedIds(memberIds);
  const sorted = [...partitions].sort((x, y) => x - y);
  const each = Math.floor(sorted.length / Math.max(1, members.length));
  const extra = sorted.length % Math.max(1, members.length);
  let next = 0;
  return members.map((memberId, i) => {
    const count = each + (i < extra ? 1 : 0);
    const assigned = sorted.slice(next, next + count);
    next += count;
    return { memberId, partitions: assigned };
  });
};

export const roundRobinAssignor: Assignor = (memberIds, partitions) => {
  const members = sortedIds(memberIds);
  const assignments = members.map((memberId) => ({ memberId, partitions: [] as PartitionId[] }));
  [...partitions].sort((x, y) => x - y).forEach((partition, i) => assignments[i % members.length]?.partitions.push(partition));
  return assignments;
};

export const ASSIGNORS: Record<AssignorName, Assignor> = { range: rangeAssignor, roundRobin: roundRobinAssignor };
