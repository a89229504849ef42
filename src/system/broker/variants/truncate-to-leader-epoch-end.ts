/**
 * Variant: a follower truncates to the end offset the leader returned for its epoch, without bounding it by its
 * own end of that epoch (Kafka's first KIP-101 implementation, before KIP-279).
 * The leader answers OffsetsForLeaderEpoch with the largest epoch it knows at or below the one asked for, and
 * where that epoch ends in its own log. When the follower holds fewer records of that epoch and then records of a
 * later epoch the leader never saw, the leader's end lies beyond the point where the two logs diverge: the
 * follower keeps its records of the later epoch under the leader's records of the older one, and once the high
 * watermark covers them the replicas disagree on committed offsets.
 * Real world: KIP-279 ("Fix log divergence between leader and follower after fast leader fail over"),
 * KAFKA-6361; Kafka 2.0 bounds the truncation offset by the follower's own end of the epoch.
 * Expected to be caught by: protocol-invariants (log-matching).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts, TruncationPart } from '../parts.ts';
import { leaderEpochTruncation, referenceParts } from '../reference-parts.ts';

export const truncateToLeaderEpochEnd: TruncationPart = {
  onBecomeFollower: leaderEpochTruncation.onBecomeFollower,
  truncationOffset: (replica, leaderAnswer) => (leaderAnswer.endOffset < 0 ? replica.highWatermark : leaderAnswer.endOffset),
};

export const truncateToLeaderEpochEndParts: BrokerParts = {
  ...referenceParts,
  truncation: truncateToLeaderEpochEnd,
};

export const truncateToLeaderEpochEndBroker = createBroker('variant/truncate-to-leader-epoch-end', truncateToLeaderEpochEndParts);
