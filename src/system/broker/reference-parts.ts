/**
 * The reference parts: Kafka's behaviour after KIP-101, KIP-279 and KIP-320, with the ISR rules of
 * KIP-841 (a maximal ISR bounds the high watermark) and `min.insync.replicas` checked before and after the append,
 * controller requests fenced by broker epoch (KIP-380), ISR changes retried until answered, and a log recovery
 * that keeps the log consistent with the leader-epoch checkpoint.
 */
import type { LogRecord } from '../protocol/records.ts';
import { latestEpoch, logEndOffset, type EpochEntry, type PartitionReplica } from './broker-state.ts';
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

/**
 * Log recovery: the recovered log ends at the first record that does not carry the epoch the leader-epoch
 * checkpoint assigns to its offset.
 *
 * Why: the checkpoint is fsync'd at every change, the log is not, so after a power loss the checkpoint can
 * describe a newer log than the one the disk gave back. A follower that truncated a record of epoch 1 and
 * fetched one of epoch 2 in its place has a checkpoint saying "epoch 2 starts at 1" (and a high-watermark
 * checkpoint covering offset 1) while the disk still holds the old record of epoch 1 there: the truncation
 * lived only in the page cache. Kept, that record would sit under the high watermark, and epoch-based
 * truncation would never remove it, since the epoch cache says the log already holds epoch 2 there.
 *
 * Kafka: on an unclean shutdown, log recovery (LogLoader.recoverLog, LogSegment.recover) rescans the records
 * past the recovery point, cuts the log at the first batch that fails validation, and makes the leader-epoch
 * cache agree with the log it recovered (`truncateFromEnd(logEndOffset)`); the high watermark is the checkpoint's,
 * bounded by the log end. A truncation also moves the recovery point back to the truncation offset and
 * checkpoints it (LogManager.truncateTo), so whatever lies past it is re-validated. A record contradicting the
 * fsync'd epoch checkpoint fails that validation here: it is a write of the history the broker had already
 * truncated away. Cutting the log there leaves an epoch cache (the checkpoint, truncated to the new end) that
 * agrees with every recovered record, and the high watermark, bounded by the new end, covers no such record.
 * (A real file system journals the truncation of a file before later writes to it; the simulated page cache
 * does not, which is why the rule shows here.)
 */
export function epochConsistentLogEnd(log: readonly LogRecord[], epochCheckpoint: readonly EpochEntry[]): number {
  let covering = -1; // the checkpoint entry whose epoch covers `offset`: the last one starting at or before it
  for (let offset = 0; offset < log.length; offset++) {
    while (covering + 1 < epochCheckpoint.length && epochCheckpoint[covering + 1]!.startOffset <= offset) covering++;
    if (covering < 0 || epochCheckpoint[covering]!.epoch !== log[offset]!.leaderEpoch) return offset;
  }
  return log.length;
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
  // KIP-380: a LeaderAndIsr stamped for another incarnation was meant for a process that is gone. Kafka's
  // ZooKeeper-mode broker answers it with STALE_BROKER_EPOCH; a KRaft broker acts on metadata only once its new
  // registration is accepted. The controller resends the current state when it registers the new incarnation,
  // and a partition's again whenever a heartbeat of the new incarnation shows it behind.
  brokerEpochCheck: (incarnation, requestBrokerEpoch) => (requestBrokerEpoch === incarnation ? 'NONE' : 'STALE_BROKER_EPOCH'),
  // Kafka's AlterPartitionManager keeps an ISR change until the controller answers it, sending it again after a
  // request timeout; meanwhile the leader keeps the maximal ISR. Giving it up would shrink the leader's view
  // below the controller's if the controller applied it and only the answer was lost.
  unansweredIsrChange: (pending, nowMs, replicaSocketTimeoutMs) => (nowMs - pending.sentMs < replicaSocketTimeoutMs ? 'wait' : 'resend'),
  checkSequence,
  checkpointedHighWatermark: (replica) => replica.highWatermark,
  recoveredLogEnd: epochConsistentLogEnd,
  recoveredHighWatermark: (checkpointed, logEnd) => Math.min(checkpointed, logEnd),
  // The controller's word is the only source of leadership: a replica leads exactly when it is named, and a
  // leader named out of office steps down in the same transition (the epoch fencing of one leader per epoch).
  roleAfterLeaderChange: (self, newLeader) => (newLeader === self ? 'leader' : newLeader < 0 ? 'none' : 'follower'),
  // KAFKA-7415: a new leader writes its epoch and start offset to the cache (and the fsync'd checkpoint) as it takes
  // office, so that OffsetsForLeaderEpoch is answered right before its first append.
  epochStartOnElection: (replica) => logEndOffset(replica),
  followerFetchOffset: (replica) => logEndOffset(replica),
  // Only the answer to the request in flight counts: a follower sends a new one (a new correlation id) whenever it
  // starts following a leader, so a late answer of a previous leader, or of an earlier fetch, is ignored.
  isAwaitedFetchResponse: (_replica, awaitedCorrelationId, response) => response.correlationId === awaitedCorrelationId,
  epochCacheAfterTruncation: (cache, logEnd) => cache.filter((e) => e.startOffset < logEnd),
  highWatermarkAfterTruncation: (highWatermark, logEnd) => Math.min(highWatermark, logEnd),
};
