/**
 * Variant: from the leader's SyncGroup the coordinator keeps, for every member, every partition the leader assigned
 * to anyone.
 * Both members fetch and process both partitions in one generation.
 * Real world: the assignor contract (ConsumerPartitionAssignor: each partition to exactly one member of a
 * generation), which the cooperative-sticky assignor's bugs broke by handing one partition to two members.
 * Expected to be caught by: group-single-owner (two members own a partition in one generation).
 */
import { createBroker } from '../../broker/create-broker.ts';
import { referenceParts } from '../../broker/reference-parts.ts';
import { referenceCoordinatorParts, type CoordinatorParts } from '../coordinator-parts.ts';

export const assignmentToEveryMemberParts: CoordinatorParts = {
  ...referenceCoordinatorParts,
  acceptedAssignment: (_group, fromLeader) => {
    const all = [...new Set(fromLeader.flatMap((a) => a.partitions))].sort((x, y) => x - y);
    return fromLeader.map((a) => ({ memberId: a.memberId, partitions: [...all] }));
  },
};

export const assignmentToEveryMemberBroker = createBroker('variant/assignment-to-every-member', referenceParts, assignmentToEveryMemberParts);
