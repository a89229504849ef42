/**
 * monotonic-high-watermark: within one leadership a leader's high watermark never moves back. A leadership is
 * (partition, leader broker, leader epoch, incarnation of that broker's process): the state remembers the
 * highest HW seen for each and judges every later sighting of the same leadership against it.
 *
 * Why these keys: a leader's HW is in memory. A new leader starts from the HW it had as a follower, which may
 * be behind its predecessor's (the TLA+ spec's BecomeLeader notes it), so epochs are judged apart; and a
 * restarted process starts from its checkpoint, which may be behind the HW its previous incarnation reached, so
 * incarnations are judged apart too. With the reference broker the incarnation adds nothing to the epoch: it
 * ignores a LeaderAndIsr stamped for another incarnation (the brokerEpochCheck part, KIP-380), and the controller
 * fences the old incarnation (a new leader epoch for what it led) before it admits the new one, so a new process
 * never leads in an epoch its predecessor led. A broker without that check may take a LeaderAndIsr meant for its
 * previous incarnation (sent after the restart, before the controller learned of it) and lead again in that
 * epoch from its checkpoint; a HW lower than before the restart is not judged a regression there. Followers are
 * not judged: truncation legitimately lowers their HW.
 *
 * Only what is visible at step boundaries is judged: a HW that dips and recovers inside one step goes unseen.
 */
import type { PartitionSnapshot } from './cluster-snapshot.ts';
import { showPartition } from './describe.ts';
import { leadershipKey, type InvariantState, type InvariantViolation } from './types.ts';

export function checkMonotonicHighWatermark(state: InvariantState, partition: PartitionSnapshot, violations: InvariantViolation[]): void {
  for (const { broker, node, incarnation, replica } of partition.replicas) {
    if (replica.role !== 'leader') continue;
    const key = leadershipKey(partition.partition, broker, replica.leaderEpoch, incarnation);
    const highest = state.leaderHighWatermarks[key];
    if (highest === undefined || replica.highWatermark > highest) {
      state.leaderHighWatermarks[key] = replica.highWatermark;
    } else if (replica.highWatermark < highest) {
      violations.push({
        invariant: 'monotonic-high-watermark',
        partition: partition.partition,
        message:
          `${node} (incarnation ${incarnation}), leader of ${showPartition(partition.partition)} in epoch ${replica.leaderEpoch}, ` +
          `moved its high watermark back from ${highest} to ${replica.highWatermark}.`,
      });
    }
  }
}
