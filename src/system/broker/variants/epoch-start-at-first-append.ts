/**
 * Variant: a replica that becomes leader records its epoch in the leader-epoch cache only with its first append,
 * not as it takes office. Until it appends, its cache does not know the epoch it leads: the ISR expansion rule
 * finds no start offset for the current epoch and lets in a follower whose log end merely reaches the new
 * leader's (lagging) high watermark, so a replica back from a power loss without records acked with acks=all
 * joins the ISR, and is elected without them when the leader fails before it catches up. (OffsetsForLeaderEpoch
 * is answered without the epoch too: a follower asking for an epoch newer than any the leader appended gets no
 * answer and falls back to its high watermark.)
 * Real world: KAFKA-7415 ("OffsetsForLeaderEpoch may incorrectly respond with undefined end offset due to delayed
 * update of the leader epoch cache"); since Kafka 2.1 a new leader persists its epoch and start offset at once.
 * Expected to be caught by: power-loss-one-at-a-time (leader-completeness).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const epochStartAtFirstAppendParts: BrokerParts = {
  ...referenceParts,
  epochStartOnElection: () => null,
};

export const epochStartAtFirstAppendBroker = createBroker('variant/epoch-start-at-first-append', epochStartAtFirstAppendParts);
