/**
 * Assignment 2 starter: ISR shrink and expand, min.insync.replicas (README.md one folder up).
 *
 * This is kcheck's reference broker with ONE part replaced by a stub: `isLaggingFollower`, the rule by which a
 * leader's periodic ISR check (every replica.lag.time.max.ms / 2) decides that an in-sync follower has fallen
 * behind and must leave the ISR. The rest (asking the controller to change the ISR with AlterPartition, expanding
 * it when a follower catches up, refusing acks=all below min.insync.replicas) is the reference's. Grade it with:
 *
 *   npx kcheck grade broker.ts --assignment 2
 *
 * Do not call `referenceParts.isLaggingFollower`: writing it is the assignment.
 */
import { createBroker, referenceParts, type BrokerParts } from 'kcheck';

/**
 * Whether an ISR follower has lagged too long and must leave the ISR. `follower.lastCaughtUpTimeMs` is the last
 * virtual time at which its fetch showed it caught up with the leader's log end (Kafka's lastCaughtUpTimeMs);
 * `follower.lastFetchTimeMs` is the time of its last fetch; `nowMs` is the virtual clock.
 */
const isLaggingFollower: BrokerParts['isLaggingFollower'] = (follower, nowMs, replicaLagTimeMaxMs) => {
  // TODO(assignment 2): Kafka's rule (replica.lag.time.max.ms): a follower that has not caught up for longer than
  // the lag limit is out of sync.
  // STUB: no follower ever lags, so the ISR never shrinks. kcheck finds what that breaks.
  void follower;
  void nowMs;
  void replicaLagTimeMaxMs;
  return false;
};

export default createBroker('student/assignment-2', { ...referenceParts, isLaggingFollower });
