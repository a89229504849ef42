/**
 * Variant: the coordinator writes a commit from any member and generation (only a Dead group refuses it): no
 * UNKNOWN_MEMBER_ID, no ILLEGAL_GENERATION, no REBALANCE_IN_PROGRESS.
 * A zombie member (paused past its session timeout while the group moved on to a new generation) wakes up and
 * commits its old positions; the commit is acknowledged and overwrites what the partition's new owner committed.
 * Real world: offset commits without generation fencing, as Kafka 0.8's ZooKeeper-based commits were; Kafka's group
 * coordinator fences them (ClassicGroup.validateOffsetCommit).
 * Expected to be caught by: group-fenced-commit (a commit sent after a later generation handed out its partitions, acknowledged).
 */
import { createBroker } from '../../broker/create-broker.ts';
import { referenceParts } from '../../broker/reference-parts.ts';
import { referenceCoordinatorParts, type CoordinatorParts } from '../coordinator-parts.ts';

export const commitFromAnyGenerationParts: CoordinatorParts = {
  ...referenceCoordinatorParts,
  commitError: (group) => (group?.phase === 'Dead' ? 'COORDINATOR_NOT_AVAILABLE' : 'NONE'),
};

export const commitFromAnyGenerationBroker = createBroker('variant/commit-from-any-generation', referenceParts, commitFromAnyGenerationParts);
