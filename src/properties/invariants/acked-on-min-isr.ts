/**
 * acked-on-min-isr (what `min.insync.replicas` promises, KAFKA-1555): a leader answers an acks=all produce request
 * with success only once at least `minInsyncReplicas` replicas hold the record. Durability claims cannot see this
 * on their own: with clean election a record held by its leader alone survives every crash of that leader, and
 * a fault budget that lets the lone holder lose power also lets the last ISR member lose records acked by a full
 * ISR (KIP-966), so only the answer itself tells a broker that ignores minISR from one that does not.
 *
 * When: at the end of the step in which the leader sent the answer (the kernel's `sent` event), whether or not
 * the producer has received it yet. Which record: the one the leader holds at the answered base offset; a replica
 * holds it when its log has the same record there (offset, leader epoch, value). A replica whose broker is down has
 * no view, and may well hold the record in its page cache (a fetch it sent before it crashed can still reach the
 * leader and count there), so it is given the benefit of the doubt: only the copies a check can see missing make a
 * violation. Why the reference holds: it answers NONE only when its high watermark covers the record — every
 * member of its maximal ISR fetched past it — and its ISR has at least `minInsyncReplicas` members
 * (committedAnswer); within the step nothing removes a record below the high watermark from an ISR member, as
 * faults are steps of their own and truncation never goes below the high watermark. Followers out of the ISR may
 * hold the record too and count: what matters is how many copies exist. (A replica that lost power and restarted
 * may be counted by the leader through a fetch its previous process sent; the claims that judge this invariant
 * inject no power loss.)
 */
import { brokerIdOf, type NodeId, type PartitionId } from '../../system/kernel/ids.ts';
import type { ClusterSnapshot } from './cluster-snapshot.ts';
import { showPartition, showRecord } from './describe.ts';
import { sameRecord } from './log-compare.ts';
import type { InvariantViolation } from './types.ts';

/** An acks=all produce request a broker answered with NONE in the step just run. */
export interface AcksAllAnswer {
  leader: NodeId;
  partition: PartitionId;
  baseOffset: number;
}

export function checkAckedOnMinIsr(cluster: ClusterSnapshot, answers: readonly AcksAllAnswer[], minInsyncReplicas: number, violations: InvariantViolation[]): void {
  const reported = new Set<PartitionId>();
  for (const answer of answers) {
    const partition = cluster.partitions[answer.partition];
    const leaderId = brokerIdOf(answer.leader);
    const leader = partition?.replicas.find((r) => r.broker === leaderId);
    const record = leader?.replica.log[answer.baseOffset];
    if (!partition || !leader || !record || reported.has(answer.partition)) continue;
    const holders = partition.replicas.filter((r) => sameRecord(r.replica.log[answer.baseOffset], record)).map((r) => r.node);
    const seen = new Set(partition.replicas.map((r) => r.broker));
    const unseen = (partition.registration?.replicas ?? []).filter((b) => !seen.has(b)).length;
    if (holders.length + unseen >= minInsyncReplicas) continue;
    reported.add(answer.partition);
    violations.push({
      invariant: 'acked-on-min-isr',
      partition: answer.partition,
      message:
        `${leader.node} acknowledged ${showRecord(record, answer.baseOffset)} at offset ${answer.baseOffset} of ${showPartition(answer.partition)} with acks=all ` +
        `while only ${holders.join(', ')} held it (min.insync.replicas ${minInsyncReplicas}, ISR ${leader.replica.isr.map((b) => `b${b}`).join(', ')}).`,
    });
  }
}
