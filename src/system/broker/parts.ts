/**
 * The parts a broker is composed of, each one decision of Kafka's replication protocol. The reference broker
 * takes the reference parts; a variant of the bug zoo swaps exactly one (as each KIP's TLA+ spec overrides
 * one transition of the base spec). Every part is a pure function over plain data.
 */
import type { Acks, FetchResponse } from '../protocol/messages.ts';
import type { BrokerId } from '../kernel/ids.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { LogRecord } from '../protocol/records.ts';
import type { EpochEntry, FollowerProgress, PartitionReplica, PendingIsrChange } from './broker-state.ts';
import type { EpochEndOffset } from './log.ts';
import type { SequenceVerdict } from './sequences.ts';
import type { ProducerSequenceState } from './broker-state.ts';

/** What a new follower does before it fetches: truncate to a known offset now, or ask the leader first. */
export type TruncationStart = { kind: 'truncateTo'; offset: number } | { kind: 'askLeaderForEpochEnd'; epoch: number };

export interface TruncationPart {
  onBecomeFollower(replica: Readonly<PartitionReplica>): TruncationStart;
  /** The offset to truncate to once the leader answered OffsetsForLeaderEpoch. */
  truncationOffset(replica: Readonly<PartitionReplica>, leaderAnswer: EpochEndOffset): number;
}

export interface BrokerParts {
  truncation: TruncationPart;
  /** The leader's answer to OffsetsForLeaderEpoch. */
  epochEndOffset(cache: readonly EpochEntry[], requestedEpoch: number, logEnd: number): EpochEndOffset;
  /** The high watermark a leader may advance to (it never moves back; the caller takes the max). */
  leaderHighWatermark(replica: Readonly<PartitionReplica>, maximalIsr: readonly BrokerId[]): number;
  /** A follower's high watermark after a fetch response. */
  followerHighWatermark(leaderHighWatermark: number, followerLogEnd: number): number;
  /** Whether a follower outside the ISR has caught up enough to join it. */
  mayJoinIsr(replica: Readonly<PartitionReplica>, follower: Readonly<FollowerProgress>): boolean;
  /** Whether an ISR follower has lagged too long and must leave it. */
  isLaggingFollower(follower: Readonly<FollowerProgress>, nowMs: number, replicaLagTimeMaxMs: number): boolean;
  /** Checked before an append: an error refuses the produce request, NONE lets it through. */
  produceAdmission(replica: Readonly<PartitionReplica>, acks: Acks, minInsyncReplicas: number): ErrorCode;
  /** When an appended batch may be answered: 'now' (acks=1 semantics), 'never' (acks=0), or 'whenCommitted'. */
  acknowledgement(acks: Acks): 'now' | 'never' | 'whenCommitted';
  /** The answer to an acks=all request once the high watermark covers it. */
  committedAnswer(replica: Readonly<PartitionReplica>, minInsyncReplicas: number): ErrorCode;
  /** Where a consumer's fetch must stop (exclusive). */
  consumerFetchLimit(replica: Readonly<PartitionReplica>): number;
  /** Fetch fencing by leader epoch (KIP-320): NONE when the requester's epoch matches. */
  fetchEpochCheck(leaderEpoch: number, requestEpoch: number): ErrorCode;
  /** Fencing of controller requests by broker epoch (KIP-380): NONE when a LeaderAndIsr is meant for this process. */
  brokerEpochCheck(incarnation: number, requestBrokerEpoch: number): ErrorCode;
  /** What the leader does about an ISR change the controller has not answered yet: wait, send it again, or give it up. */
  unansweredIsrChange(pending: Readonly<PendingIsrChange>, nowMs: number, replicaSocketTimeoutMs: number): 'wait' | 'resend' | 'abandon';
  checkSequence(
    producers: Readonly<Record<number, ProducerSequenceState>>,
    producerId: number,
    baseSequence: number,
    recordCount: number,
  ): SequenceVerdict;
  /** The high watermark written to the checkpoint file. */
  checkpointedHighWatermark(replica: Readonly<PartitionReplica>): number;
  /** How much of the log read back from the disk a restarting replica keeps, given its leader-epoch checkpoint. */
  recoveredLogEnd(log: readonly LogRecord[], epochCheckpoint: readonly EpochEntry[]): number;
  /** The high watermark a restarting replica takes from its checkpoint (`logEnd` is the recovered log's end). */
  recoveredHighWatermark(checkpointed: number, logEnd: number): number;
  /**
   * The role a replica takes from a LeaderAndIsr with a newer leader epoch: `newLeader` is the broker the
   * controller named (-1 for none), `wasLeader` whether this replica led until now.
   */
  roleAfterLeaderChange(self: BrokerId, newLeader: BrokerId, wasLeader: boolean): PartitionReplica['role'];
  /**
   * Where a replica that became leader records its epoch's start in the leader-epoch cache at once (its log end),
   * or null for "at its first append as leader" (the appended records start the epoch then).
   */
  epochStartOnElection(replica: Readonly<PartitionReplica>): number | null;
  /** The offset a follower fetches from: after a truncation, and in its fetch loop. */
  followerFetchOffset(replica: Readonly<PartitionReplica>): number;
  /**
   * Whether a fetch response is the answer to the fetch this follower awaits (`awaitedCorrelationId`, asked of
   * its current leader in its current epoch), or one it must ignore: a late answer to an earlier request.
   */
  isAwaitedFetchResponse(replica: Readonly<PartitionReplica>, awaitedCorrelationId: number, response: Readonly<FetchResponse>): boolean;
  /** The leader-epoch cache after the log was truncated to `logEnd`. */
  epochCacheAfterTruncation(cache: readonly EpochEntry[], logEnd: number): EpochEntry[];
  /** A replica's high watermark after its log was truncated to `logEnd`. */
  highWatermarkAfterTruncation(highWatermark: number, logEnd: number): number;
}
