/**
 * Variant: a new coordinator rebuilds the committed offsets from `__consumer_offsets` but not the group metadata: the
 * group starts again Empty, with no members, at generation 0.
 * After a coordinator fail-over the next rebalance hands out generation 1 again, a number a past generation had: two
 * members own one partition in "one" generation.
 * Real world: Kafka's coordinator loads group metadata records (generation, members, assignment) with the offsets
 * when it takes a `__consumer_offsets` partition over (GroupMetadataManager.loadGroupsAndOffsets).
 * Expected to be caught by: group-single-owner (two owners of a partition in one generation number).
 */
import { createBroker } from '../../broker/create-broker.ts';
import { referenceParts } from '../../broker/reference-parts.ts';
import { referenceCoordinatorParts, type CoordinatorParts } from '../coordinator-parts.ts';
import { loadGroups } from '../offsets-log.ts';

export const loadForgetsGenerationParts: CoordinatorParts = {
  ...referenceCoordinatorParts,
  groupsFromLog: (log, partition, nowMs) => {
    const groups = loadGroups(log, partition, nowMs);
    for (const group of Object.values(groups)) Object.assign(group, { phase: 'Empty', generation: 0, leaderId: null, assignor: null, members: {} });
    return groups;
  },
};

export const loadForgetsGenerationBroker = createBroker('variant/load-forgets-generation', referenceParts, loadForgetsGenerationParts);
