/**
 * The producer's state as plain JSON data: the accumulator's per-partition batch queues, the requests in flight,
 * the metadata cache and the partitioners' counters. It leaves out what kcheck does not model: byte sizes,
 * buffer memory, compression, transactions and producer epochs.
 */
import type { BrokerId, PartitionId } from '../../kernel/ids.ts';
import type { RoundRobinState } from '../partitioner/round-robin-partitioner.ts';
import type { StickyPartitionerState } from '../partitioner/sticky-partitioner.ts';

/** One record as the application handed it to `send`, with the id its observations carry. */
export interface PendingRecord {
  sendId: string;
  key: string | null;
  value: string;
}

/** Kafka's `ProducerBatch`: records of one partition sent together in one produce request. */
export interface Batch {
  /** Creation order within this producer incarnation; within a partition it is also the send order. */
  id: number;
  partition: PartitionId;
  records: PendingRecord[];
  createdMs: number;
  /** Closed batches take no more records and may be sent. */
  closed: boolean;
  /** The idempotent sequence of the first record, fixed at the first drain; -1 while unassigned or when idempotence is off. */
  baseSequence: number;
  /** How many times the batch has been sent. */
  attempts: number;
  /** A retried batch waits for the retry backoff before it may be sent again. */
  retryNotBeforeMs: number;
  /** Set once any attempt ended in a way that leaves open whether the broker appended it. */
  mayHaveBeenAppended: boolean;
}

/** The accumulator's queue for one partition (Kafka's `Deque<ProducerBatch>`), with its idempotent sequence counter. */
export interface PartitionQueue {
  /** Batches waiting to be sent, send order first; only the last one may be open. */
  batches: Batch[];
  /** The sequence the next batch drained for the first time gets (idempotence only). */
  nextSequence: number;
}

export interface InFlightRequest {
  correlationId: number;
  broker: BrokerId;
  batch: Batch;
  sentMs: number;
}

export interface LeaderInfo {
  /** -1 when the partition has no leader. */
  leader: BrokerId;
  leaderEpoch: number;
}

export interface MetadataState {
  leaders: Record<PartitionId, LeaderInfo>;
  /** The correlation id of the outstanding metadata request, or -1 when none is outstanding. */
  inFlightCorrelationId: number;
  /** No metadata request is sent before this time (metadata refresh backoff). */
  notBeforeMs: number;
  /** A refresh is wanted and will be sent as soon as the backoff allows. */
  wanted: boolean;
}

export interface ProducerState {
  incarnation: number;
  /** kcheck assigns it (Kafka obtains it with InitProducerId); NO_PRODUCER_ID when idempotence is off. */
  producerId: number;
  nextSendNumber: number;
  nextCorrelationId: number;
  nextBatchId: number;
  queues: Record<PartitionId, PartitionQueue>;
  inFlight: Record<number, InFlightRequest>;
  metadata: MetadataState;
  sticky: StickyPartitionerState;
  roundRobin: RoundRobinState;
  /** Due times of the timers the producer re-derives after every input (`expiry`, `retry:<p>`); absent when unset. */
  derivedTimerDueMs: Record<string, number>;
}
