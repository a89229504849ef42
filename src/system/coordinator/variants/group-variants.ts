/**
 * The group zoo: coordinators with exactly one part (coordinator-parts.ts) swapped, each in a broker that is the
 * reference otherwise. Each names the claim expected to catch it (properties/claims/group-claims.ts):
 * - commit-from-any-generation: commitError accepts every commit but a Dead group's (no member or generation check),
 *   as Kafka before generation fencing (KAFKA-2071-era simple commits): a zombie's commit lands → group-fenced-commit;
 * - assignment-to-every-member: acceptedAssignment hands every member every partition the leader assigned to anyone
 *   → group-single-owner;
 * - commit-acked-at-append: commitDurability answers a commit at the append, before `__consumer_offsets` replicated it
 *   (offsets.commit.required.acks=1); a coordinator fail-over loses an acknowledged commit → group-commits-monotonic;
 * - load-forgets-generation: groupsFromLog keeps the offsets but not the group metadata, so a new coordinator starts
 *   the generations again from 0 and hands out a generation number a past generation had → group-single-owner.
 */
import { createBroker } from '../../broker/create-broker.ts';
import { referenceParts } from '../../broker/reference-parts.ts';
import type { BrokerLogic } from '../../kernel/broker-logic.ts';
import { referenceCoordinatorParts, type CoordinatorParts } from '../coordinator-parts.ts';
import { loadGroups } from '../offsets-log.ts';

export interface GroupVariant {
  id: string;
  part: keyof CoordinatorParts;
  wrong: string;
  expectedProperty: string;
  parts: CoordinatorParts;
  broker: BrokerLogic<unknown>;
}

function variant(id: string, part: keyof CoordinatorParts, wrong: string, expectedProperty: string, swapped: Partial<CoordinatorParts>): GroupVariant {
  const parts: CoordinatorParts = { ...referenceCoordinatorParts, ...swapped };
  return { id, part, wrong, expectedProperty, parts, broker: createBroker(id, referenceParts, parts) as BrokerLogic<unknown> };
}

export const GROUP_VARIANTS: readonly GroupVariant[] = [
  variant('commit-from-any-generation', 'commitError', 'accepts a commit from any member and generation (only a Dead group refuses)', 'group-fenced-commit', {
    commitError: (group) => (group?.phase === 'Dead' ? 'COORDINATOR_NOT_AVAILABLE' : 'NONE'),
  }),
  variant('assignment-to-every-member', 'acceptedAssignment', 'gives every member every partition the leader assigned', 'group-single-owner', {
    acceptedAssignment: (_group, fromLeader) => {
      const all = [...new Set(fromLeader.flatMap((a) => a.partitions))].sort((x, y) => x - y);
      return fromLeader.map((a) => ({ memberId: a.memberId, partitions: [...all] }));
    },
  }),
  variant('commit-acked-at-append', 'commitDurability', 'answers a commit once appended to __consumer_offsets, before it is replicated', 'group-commits-monotonic', {
    commitDurability: () => 'whenAppended',
  }),
  variant('load-forgets-generation', 'groupsFromLog', 'rebuilds offsets but not group metadata: generations start again from 0 after a fail-over', 'group-single-owner', {
    groupsFromLog: (log, partition, nowMs) => {
      const groups = loadGroups(log, partition, nowMs);
      for (const group of Object.values(groups)) Object.assign(group, { phase: 'Empty', generation: 0, leaderId: null, assignor: null, members: {} });
      return groups;
    },
  }),
];
