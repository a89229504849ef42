/**
 * Variant: a follower takes the leader's high watermark from a fetch response as it is, even past its own log end
 * (the reference takes min(leader's high watermark, own log end)).
 * A follower catching up in several fetches learns the leader's high watermark before it holds the records it
 * covers: it vouches for offsets it does not have, would expose them as committed if elected before it caught up,
 * and its high watermark no longer says what it holds.
 * Real world: Kafka's ReplicaFetcherThread bounds the follower's high watermark by its log end offset
 * (UnifiedLog.updateHighWatermark), as the fetch response's high watermark is the leader's.
 * Expected to be caught by: protocol-invariants (log-matching).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const followerHighWatermarkPastLogEndParts: BrokerParts = {
  ...referenceParts,
  followerHighWatermark: (leaderHighWatermark) => leaderHighWatermark,
};

export const followerHighWatermarkPastLogEndBroker = createBroker('variant/follower-high-watermark-past-log-end', followerHighWatermarkPastLogEndParts);
