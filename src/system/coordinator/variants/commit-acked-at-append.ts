/**
 * Variant: a commit is answered (and takes effect) once appended to the coordinator's `__consumer_offsets`
 * partition, before the followers replicated it.
 * The coordinator crashes right after the member heard its commit acknowledged; the new coordinator's log lacks the
 * commit, and the partition's next owner starts below an acknowledged commit.
 * Real world: offsets.commit.required.acks (Kafka's default -1: a commit waits for the full ISR; "in general, the
 * default should not be overridden").
 * Expected to be caught by: group-commits-monotonic (a new owner's start below an acknowledged commit).
 */
import { createBroker } from '../../broker/create-broker.ts';
import { referenceParts } from '../../broker/reference-parts.ts';
import { referenceCoordinatorParts, type CoordinatorParts } from '../coordinator-parts.ts';

export const commitAckedAtAppendParts: CoordinatorParts = {
  ...referenceCoordinatorParts,
  commitDurability: () => 'whenAppended',
};

export const commitAckedAtAppendBroker = createBroker('variant/commit-acked-at-append', referenceParts, commitAckedAtAppendParts);
