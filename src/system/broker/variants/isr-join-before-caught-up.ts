/**
 * Variant: a follower joins the ISR at its first fetch, before its log end reached the leader's high watermark.
 * The controller now counts a replica that lacks committed records as in sync: a clean election may pick it and
 * lose them, and nothing bounds the high watermark by what it holds until it fetches again.
 * Real world: Kafka's ISR expansion rule (Partition.maybeExpandIsr: a follower joins only once its log end reached
 * the high watermark, and the start offset of the leader's current epoch, so that a new leader's lagging high
 * watermark cannot let in a follower that lacks committed records).
 * Expected to be caught by: protocol-invariants (strong-isr).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const isrJoinBeforeCaughtUpParts: BrokerParts = {
  ...referenceParts,
  mayJoinIsr: (_replica, follower) => follower.logEndOffset >= 0,
};

export const isrJoinBeforeCaughtUpBroker = createBroker('variant/isr-join-before-caught-up', isrJoinBeforeCaughtUpParts);
