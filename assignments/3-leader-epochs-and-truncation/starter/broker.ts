/**
 * Assignment 3 starter: leader epochs and truncation on leader change, the KIP-101 / KIP-279 story (README.md one
 * folder up).
 *
 * This is kcheck's reference broker with ONE part replaced by a stub: `truncation`, what a replica does with its
 * log when it becomes a follower (after a restart or a leader change) before it fetches from the new leader. The
 * rest (the leader-epoch cache and its checkpoint, the leader's answer to OffsetsForLeaderEpoch, the fetch loop)
 * is the reference's. Grade it with:
 *
 *   npx kcheck grade broker.ts --assignment 3
 *
 * Do not use `referenceParts.truncation`: writing it is the assignment.
 */
import { createBroker, latestEpoch, logEndOffset, referenceParts, type TruncationPart } from 'kcheck';

/**
 * Two decisions:
 * - `onBecomeFollower(replica)`: truncate now (`{ kind: 'truncateTo', offset }`), or ask the leader where an epoch
 *   ends (`{ kind: 'askLeaderForEpochEnd', epoch }`: the follower then sends OffsetsForLeaderEpoch and waits).
 * - `truncationOffset(replica, leaderAnswer)`: once the leader answered `{ leaderEpoch, endOffset }` (the largest
 *   epoch it knows not above the one asked for, and where that epoch ends on its log; -1, -1 if it knows none),
 *   the offset to truncate the follower's log to.
 * `replica.epochCache` is this replica's leader-epoch cache (`{ epoch, startOffset }`, oldest first);
 * `latestEpoch(replica)` its last epoch (-1 if none); `referenceParts.epochEndOffset(cache, epoch, logEnd)` answers
 * "where does this epoch end" over a cache, as the leader does.
 */
const truncation: TruncationPart = {
  onBecomeFollower(replica) {
    // TODO(assignment 3): ask the leader where this replica's latest epoch ends (KIP-101).
    // STUB: truncate to the high watermark, as Kafka did before 0.11. kcheck finds what that breaks.
    void latestEpoch;
    return { kind: 'truncateTo', offset: Math.min(replica.highWatermark, logEndOffset(replica)) };
  },
  truncationOffset(replica, leaderAnswer) {
    // TODO(assignment 3): the smaller of the leader's end of the epoch and this replica's own end of it (KIP-279).
    void leaderAnswer;
    return replica.highWatermark;
  },
};

export default createBroker('student/assignment-3', { ...referenceParts, truncation });
