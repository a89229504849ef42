/**
 * The reference parts: Kafka's behaviour after KIP-101, KIP-279 and KIP-320, with the ISR rules of
 * KIP-841 (a maximal ISR bounds the high watermark) and `min.insync.replicas` checked before and after the append.
 */
import { latestEpoch, logEndOffset, type PartitionReplica } from './broker-state.ts';
import { endOffsetForEpoch } from './log.ts';
import type { BrokerParts, TruncationPart } from './parts.ts';
import { checkSequence } from './sequences.ts';

/** KIP-101/KIP-279: ask the leader where our latest epoch ends, and truncate to the smaller of the two ends. */
export const leaderEpochTruncation: TruncationPart = {
  onBecomeFollower(replica) {
    const epoch = latestEpoch(replica);
    return epoch < 0 ? { kind: 'truncateTo', offset: logEndOffset(replica) } : { kind: 'askLeaderForEpochEnd', epoch };
  },
  truncationOffset(replica, leaderAnswer) {
    // The leader knows no epoch this old: fall back to the high watermark, as Kafka does.
    if (leaderAnswer.endOffset < 0) return replica.highWatermark;
    const own = endOffsetForEpoch(replica.epochCache, leaderAnswer.leaderEpoch, logEndOffset(replica));
    return Math.min(leaderAnswer.endOffset, own.endOffset >= 0 ? own.endOffset : logEndOffset(replica));
  },
};

function minLogEndOverIsr(replica: Readonly<PartitionReplica>, isr: readonly number[], self: number): number {
  let min = logEndOffset(replica);
  for (const broker of isr) {
    if (broker === self) continue;
    const progress = replica.followers[broker];
    min = Math.min(min, progress ? progress.logEndOffset : -1);
  }
  return min;
}

export const referenceParts: BrokerParts = {
  truncation: leaderEpochTruncation,
  epochEndOffset: endOffsetForEpoch,
  leaderHighWatermark: (replica, maximalIsr) => minLogEndOverIsr(replica, maximalIsr, replica.leader),
  followerHighWatermark: (leaderHighWatermark, followerLogEnd) => Math.min(leaderHighWatermark, followerLogEnd),
  mayJoinIsr(replica, follower) {
    const currentEpochStart = replica.epochCache.find((e) => e.epoch === replica.leaderEpoch)?.startOffset ?? 0;
    return follower.logEndOffset >= replica.highWatermark && follower.logEndOffset >= currentEpochStart;
  },
  isLaggingFollower: (follower, nowMs, replicaLagTimeMaxMs) => nowMs - follower.lastCaughtUpTimeMs > replicaLagTimeMaxMs,
  produceAdmission: (replica, acks, minInsyncReplicas) =>
    acks === 'all' && replica.isr.length < minInsyncReplicas ? 'NOT_ENOUGH_REPLICAS' : 'NONE',
  acknowledgement: (acks) => (acks === 0 ? 'never' : acks === 1 ? 'now' : 'whenCommitted'),
  committedAnswer: (replica, minInsyncReplicas) => (replica.isr.length >= minInsyncReplicas ? 'NONE' : 'NOT_ENOUGH_REPLICAS_AFTER_APPEND'),
  consumerFetchLimit: (replica) => replica.highWatermark,
  fetchEpochCheck(leaderEpoch, requestEpoch) {
    if (requestEpoch < 0) return 'NONE'; // a client that does not know the epoch skips the check
    if (requestEpoch < leaderEpoch) return 'FENCED_LEADER_EPOCH';
    if (requestEpoch > leaderEpoch) return 'UNKNOWN_LEADER_EPOCH';
    return 'NONE';
  },
  checkSequence,
  checkpointedHighWatermark: (replica) => replica.highWatermark,
  recoveredHighWatermark: (checkpointed, logEnd) => Math.min(checkpointed, logEnd),
};
