/**
 * strong-isr (StrongIsr of Kafka's TLA+ replication spec, KafkaReplication.tla): every replica that presumes
 * leadership holds its own records below its high watermark, and every member of the TRUE ISR holds the same
 * records there.
 *
 * Which ISR: the controller's, not the leader's view. Elections pick from the controller's ISR, so that is the
 * set a committed record must live on; the leader's view may lag it either way (the spec's WeakIsr checks the
 * leader's view and shows how that lag loses data). The reference leader's HW is bounded by its maximal ISR —
 * its ISR plus any expansion under way — which is meant to contain the controller's ISR: the controller only
 * shrinks the ISR behind the leader's back (fencing), and expands it only at the leader's request. The lag is
 * also bounded in time: the leader's heartbeat reports the partition epoch it applied, and the controller answers
 * a leader that is behind with the current LeaderAndIsr, so a shrink whose LeaderAndIsr was lost reaches it one
 * heartbeat after the network lets it. When the controller's answer to an expansion is lost, the reference leader
 * keeps the pending change (and so the maximal ISR) and sends it again after replicaSocketTimeoutMs until an
 * answer or a newer partition epoch settles it (the unansweredIsrChange part). A variant that gives the pending
 * change up instead lets its HW pass a member the controller counts: strong-isr reports that, and rightly — the
 * controller may elect that member.
 *
 * Which leaders: every replica whose view says `leader`, zombies of older epochs included, as in the spec: a
 * zombie's HW is what it already exposed to consumers. A zombie cannot advance its HW once deposed: the new
 * leader, in its maximal ISR, stopped fetching from it.
 *
 * Which members: those the check can read and whose ISR entry is about the process that runs now.
 * - A crashed member has no view; it is judged after its restart.
 * - A restarted member whose new incarnation the controller has not registered yet is skipped. Its ISR entry
 *   belongs to the previous process: the controller learns of the restart only from the new registration, and
 *   handles it in one step — it fences the old incarnation (removing it from every ISR it is not the last member
 *   of) before admitting the new one. Until then the member may lack the tail its old process fetched (a power
 *   loss keeps only what was written back) without being in the ISR in truth. Once registered it is judged
 *   again: a last ISR member that came back without the committed records is a real violation.
 */
import { brokerNode } from '../../system/kernel/ids.ts';
import { registeredIncarnation, type ClusterSnapshot, type PartitionSnapshot, type ReplicaSnapshot } from './cluster-snapshot.ts';
import { showPartition, showRecord } from './describe.ts';
import type { LogComparisons } from './log-compare.ts';
import type { InvariantViolation } from './types.ts';

function describeLeader(leader: ReplicaSnapshot): string {
  return `${leader.node} (leader in epoch ${leader.replica.leaderEpoch}, HW ${leader.replica.highWatermark})`;
}

export function checkStrongIsr(cluster: ClusterSnapshot, partition: PartitionSnapshot, comparisons: LogComparisons, violations: InvariantViolation[]): void {
  const isr = partition.registration?.isr ?? [];
  const where = showPartition(partition.partition);
  for (const leader of partition.replicas) {
    const { role, highWatermark, log } = leader.replica;
    if (role !== 'leader' || highWatermark <= 0) continue;
    if (highWatermark > log.length) {
      violations.push({
        invariant: 'strong-isr',
        partition: partition.partition,
        message: `${describeLeader(leader)} of ${where} lacks its own records from offset ${log.length} up to its high watermark.`,
      });
    }
    for (const member of isr) {
      if (member === leader.broker) continue;
      const follower = partition.replicas.find((r) => r.broker === member);
      if (!follower || registeredIncarnation(cluster.controller, member) !== follower.incarnation) continue;
      const offset = comparisons.firstDifference(leader, follower, highWatermark);
      if (offset < 0) continue;
      violations.push({
        invariant: 'strong-isr',
        partition: partition.partition,
        message:
          `${brokerNode(member)}, in the controller's ISR of ${where}, holds ${showRecord(follower.replica.log[offset], offset)} at offset ${offset}, ` +
          `below the high watermark of ${describeLeader(leader)}, which holds ${showRecord(log[offset], offset)}.`,
      });
    }
  }
}
