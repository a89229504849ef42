/**
 * Assignment 1 starter: leader append, high-watermark advancement and acks=all (README.md one folder up).
 *
 * This is kcheck's reference broker with ONE part replaced by a stub: `leaderHighWatermark`, the rule by which a
 * leader decides how far its high watermark may advance. Everything else (appending at the log end, the followers'
 * fetch loop, the purgatory that holds an acks=all request until the high watermark covers it, the ISR checks) is
 * the reference's. Grade it with:
 *
 *   npx kcheck grade broker.ts --assignment 1
 *
 * Do not call `referenceParts.leaderHighWatermark`: writing it is the assignment.
 */
import { createBroker, logEndOffset, referenceParts, type BrokerParts } from 'kcheck';

/**
 * The high watermark the leader may advance to, given its replica state and the maximal ISR (the ISR plus any
 * member whose addition is awaiting the controller's answer). The caller never moves the high watermark back.
 *
 * What you have: `logEndOffset(replica)` is the leader's own log end; `replica.followers[id]?.logEndOffset` is
 * follower `id`'s log end as its last fetch showed it (-1 before its first fetch in this leader epoch);
 * `replica.leader` is this broker's id.
 */
const leaderHighWatermark: BrokerParts['leaderHighWatermark'] = (replica, maximalIsr) => {
  // TODO(assignment 1): a record is committed only once every member of the maximal ISR holds it.
  // STUB: the leader's own log end, as if the leader alone were the ISR. kcheck finds what that breaks.
  void maximalIsr;
  return logEndOffset(replica);
};

export default createBroker('student/assignment-1', { ...referenceParts, leaderHighWatermark });
