/**
 * Variant: a follower joins the ISR once its log end reaches the leader's high watermark, without also reaching
 * the offset where the leader's current epoch starts. A new leader's high watermark can lag the committed end:
 * it is what the leader last learned as a follower, and it stays there until its followers fetch. A replica that
 * came back from a power loss with less than that committed end can then pass the check and join the ISR while it
 * lacks records acked with acks=all; if the leader fails before it catches up, it is elected without them.
 * Real world: KAFKA-7128 ("Lagging high watermark can lead to committed data loss after ISR expansion"): since
 * Kafka 2.1 Partition.maybeExpandIsr also requires the follower's log end to reach the leader epoch's start offset.
 * Expected to be caught by: power-loss-one-at-a-time (leader-completeness).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const isrJoinBeforeEpochStartParts: BrokerParts = {
  ...referenceParts,
  mayJoinIsr: (replica, follower) => follower.logEndOffset >= replica.highWatermark,
};

export const isrJoinBeforeEpochStartBroker = createBroker('variant/isr-join-before-epoch-start', isrJoinBeforeEpochStartParts);
