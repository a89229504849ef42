/**
 * log-matching (Raft's Log Matching, the "replica log consistency below the high watermark" of design.md):
 * two replicas of a partition hold the same records (offset, leader epoch, value) at every offset below the
 * smaller of their two high watermarks.
 *
 * Which replicas: every one whose broker's view is available — up, or paused (a paused process still holds
 * and believes its log; a stale high watermark only shortens the prefix it vouches for). A crashed broker has
 * no view; it is judged again once restarted, from what its disk gave back. Followers count as much as
 * leaders: a follower's high watermark is what it would serve to consumers if it were elected, so a follower
 * whose committed prefix disagrees is exactly the divergence KIP-101 is about.
 *
 * Why it holds for the reference broker with clean election: a high watermark only ever covers records every
 * member of the leader's maximal ISR fetched in the leader's epoch (followers truncate to the divergence point
 * before they fetch), a follower takes min(leader HW, own log end), and a clean election picks an ISR member,
 * so every replica's prefix below its own HW is a prefix of one committed history.
 *
 * Cost: each replica is compared once with the replica of highest high watermark (usually the leader, whose
 * comparisons strong-isr then reuses), over the shorter prefix. That finds every disagreeing pair: if B and C
 * agreed with that replica R below their own HWs, they would agree with each other below
 * min(HW_B, HW_C) ≤ HW_R, as "same record" is an equivalence. Nothing is cached across steps: a broker may
 * rewrite its log in place (truncate and re-append within one `run` step; a restored snapshot), and nothing a
 * check can read tells it so, so a prefix checked before proves nothing about the prefix now.
 */
import type { PartitionSnapshot, ReplicaSnapshot } from './cluster-snapshot.ts';
import { showPartition, showRecord } from './describe.ts';
import type { LogComparisons } from './log-compare.ts';
import type { InvariantViolation } from './types.ts';

/** The replica of highest HW; on a tie a leader, whose comparisons with its followers strong-isr asks for too. */
function highestHighWatermark(replicas: readonly ReplicaSnapshot[]): ReplicaSnapshot | undefined {
  let best: ReplicaSnapshot | undefined;
  for (const candidate of replicas) {
    const hw = candidate.replica.highWatermark;
    if (!best || hw > best.replica.highWatermark || (hw === best.replica.highWatermark && candidate.replica.role === 'leader' && best.replica.role !== 'leader')) {
      best = candidate;
    }
  }
  return best;
}

export function checkLogMatching(partition: PartitionSnapshot, comparisons: LogComparisons, violations: InvariantViolation[]): void {
  const reference = highestHighWatermark(partition.replicas);
  if (!reference) return;
  for (const other of partition.replicas) {
    if (other === reference) continue;
    const end = Math.min(reference.replica.highWatermark, other.replica.highWatermark);
    const offset = comparisons.firstDifference(reference, other, end);
    if (offset < 0) continue;
    const [first, second] = reference.broker < other.broker ? [reference, other] : [other, reference];
    violations.push({
      invariant: 'log-matching',
      partition: partition.partition,
      message:
        `${first.node} and ${second.node} disagree at offset ${offset} of ${showPartition(partition.partition)}, below both high watermarks ` +
        `(${first.node} HW ${first.replica.highWatermark}, ${second.node} HW ${second.replica.highWatermark}): ` +
        `${first.node} holds ${showRecord(first.replica.log[offset], offset)}, ${second.node} holds ${showRecord(second.replica.log[offset], offset)}.`,
    });
  }
}
