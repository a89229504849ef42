/**
 * The reference broker's state: per hosted partition a replica with its log, high watermark, leader-epoch
 * cache and role. On a leader it also tracks each follower's progress, produce requests waiting for the ISR
 * (the purgatory) and idempotent producers' sequences. Plain data, rebuilt from the disk on restart.
 */
import type { BrokerId, NodeId, PartitionId } from '../kernel/ids.ts';
import type { CoordinatorState } from '../coordinator/group-state.ts';
import type { LogRecord } from '../protocol/records.ts';

/** One line of the leader-epoch cache: `epoch` started at `startOffset` (Kafka's leader-epoch-checkpoint). */
export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

export interface FollowerProgress {
  /** The follower's log end offset as its last fetch showed, -1 before any fetch in this leader epoch. */
  logEndOffset: number;
  lastCaughtUpTimeMs: number;
  lastFetchTimeMs: number;
  /** The leader's log end offset at the follower's previous fetch (Kafka's `lastFetchLeaderLogEndOffset`). */
  lastFetchLeaderLogEndOffset: number;
}

/** A run of consecutive sequences one idempotent producer appended at consecutive offsets. */
export interface SequenceRun {
  firstSequence: number;
  lastSequence: number;
  baseOffset: number;
}

export interface ProducerSequenceState {
  lastSequence: number;
  /** The latest runs, newest last; Kafka keeps the last 5 batches. */
  runs: SequenceRun[];
}

export interface PendingProduce {
  client: NodeId;
  correlationId: number;
  baseOffset: number;
  /** The request completes once the high watermark reaches this offset (last offset + 1). */
  requiredOffset: number;
  deadlineMs: number;
}

export interface PendingIsrChange {
  newIsr: BrokerId[];
  sentMs: number;
}

/** A follower's fetcher: waiting to fetch, asking for the divergence point, fetching, or due to ask again. */
export type FetcherStatus = 'idle' | 'truncating' | 'fetching' | 'mustTruncate';

export interface PartitionReplica {
  partition: PartitionId;
  replicas: BrokerId[];
  role: 'leader' | 'follower' | 'none';
  leader: BrokerId;
  leaderEpoch: number;
  partitionEpoch: number;
  isr: BrokerId[];
  log: LogRecord[];
  highWatermark: number;
  epochCache: EpochEntry[];
  followers: Record<BrokerId, FollowerProgress>;
  pendingIsrChange: PendingIsrChange | null;
  purgatory: PendingProduce[];
  producers: Record<number, ProducerSequenceState>;
  fetcher: { status: FetcherStatus; correlationId: number };
}

export interface BrokerState {
  brokerId: BrokerId;
  incarnation: number;
  nextCorrelationId: number;
  partitions: Record<PartitionId, PartitionReplica>;
  /** The group coordinator's state (coordinator/); absent in a cluster without groups, and until it first acts. */
  coordinator?: CoordinatorState;
}

export function logEndOffset(replica: PartitionReplica): number {
  return replica.log.length;
}

export function latestEpoch(replica: PartitionReplica): number {
  return replica.epochCache.length === 0 ? -1 : replica.epochCache[replica.epochCache.length - 1]!.epoch;
}
