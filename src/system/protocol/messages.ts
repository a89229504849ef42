/**
 * Every message that crosses a simulated link, as one discriminated union on `type`. The shapes follow
 * Kafka's requests (Produce, Fetch, OffsetsForLeaderEpoch, Metadata, BrokerRegistration, BrokerHeartbeat,
 * AlterPartition) and the controller's LeaderAndIsr push; fields Kafka has but kcheck does not model
 * (topics, sessions, versions, byte sizes) are left out.
 */
import type { BrokerId, PartitionId } from '../kernel/ids.ts';
import type { ErrorCode } from './errors.ts';
import type { GroupMessage } from './group-messages.ts';
import type { LogRecord, ProducedRecord } from './records.ts';

export type Acks = 0 | 1 | 'all';

/** A consumer's fetch names replica id -1, as in Kafka. */
export const CONSUMER_REPLICA_ID = -1;

export interface ProduceRequest {
  type: 'produceRequest';
  correlationId: number;
  partition: PartitionId;
  acks: Acks;
  timeoutMs: number;
  producerId: number;
  baseSequence: number;
  records: ProducedRecord[];
}

export interface ProduceResponse {
  type: 'produceResponse';
  correlationId: number;
  partition: PartitionId;
  error: ErrorCode;
  /** Offset of the batch's first record; -1 when the batch was not appended. */
  baseOffset: number;
}

export interface FetchRequest {
  type: 'fetchRequest';
  correlationId: number;
  partition: PartitionId;
  fetchOffset: number;
  /** The fetching follower's broker id, or CONSUMER_REPLICA_ID for a consumer. */
  replicaId: number;
  currentLeaderEpoch: number;
  maxRecords: number;
}

export interface FetchResponse {
  type: 'fetchResponse';
  correlationId: number;
  partition: PartitionId;
  error: ErrorCode;
  records: LogRecord[];
  highWatermark: number;
  leaderEpoch: number;
}

export interface OffsetsForLeaderEpochRequest {
  type: 'offsetsForLeaderEpochRequest';
  correlationId: number;
  partition: PartitionId;
  replicaId: BrokerId;
  currentLeaderEpoch: number;
  /** The epoch whose end offset the follower asks for: the latest epoch in its own epoch cache. */
  leaderEpoch: number;
}

export interface OffsetsForLeaderEpochResponse {
  type: 'offsetsForLeaderEpochResponse';
  correlationId: number;
  partition: PartitionId;
  error: ErrorCode;
  /** The largest epoch on the leader that is ≤ the requested one (KIP-279), or -1. */
  leaderEpoch: number;
  /** The offset where that epoch ends on the leader, or -1. */
  endOffset: number;
}

export interface BrokerRegistration {
  type: 'brokerRegistration';
  brokerId: BrokerId;
  incarnation: number;
}

/** The partition epoch a broker has applied for one partition it hosts, -1 before the controller's first word. */
export interface AppliedPartitionEpoch {
  partition: PartitionId;
  partitionEpoch: number;
}

export interface BrokerHeartbeat {
  type: 'brokerHeartbeat';
  brokerId: BrokerId;
  incarnation: number;
  /**
   * What the broker knows, per hosted partition: the partition epoch of the last LeaderAndIsr (or
   * AlterPartition answer) it applied. It stands for the metadata offset a KRaft broker's heartbeat carries: the
   * controller answers a broker that is behind on a partition by sending it that partition's current
   * LeaderAndIsr again, so a word lost on a cut link or to a crash is not lost for good. A broker that leaves the
   * field out is told nothing again.
   */
  partitionEpochs?: AppliedPartitionEpoch[];
}

/** The controller's word on one partition: who leads, in which epoch, and the ISR. */
export interface LeaderAndIsr {
  type: 'leaderAndIsr';
  partition: PartitionId;
  /** -1 when the partition is offline (no eligible leader). */
  leader: BrokerId;
  leaderEpoch: number;
  partitionEpoch: number;
  isr: BrokerId[];
  replicas: BrokerId[];
  /**
   * The incarnation the controller has registered for the receiving broker, -1 if none (Kafka's `brokerEpoch`
   * in LeaderAndIsr, KIP-380). A process of another incarnation must ignore the request: it was meant for a
   * process that is gone, and the controller resends the current state once it registers the new one (and again
   * whenever a heartbeat shows the broker behind).
   */
  brokerEpoch: number;
}

export interface AlterPartitionRequest {
  type: 'alterPartitionRequest';
  brokerId: BrokerId;
  partition: PartitionId;
  leaderEpoch: number;
  partitionEpoch: number;
  newIsr: BrokerId[];
}

export interface AlterPartitionResponse {
  type: 'alterPartitionResponse';
  partition: PartitionId;
  error: ErrorCode;
  leader: BrokerId;
  leaderEpoch: number;
  partitionEpoch: number;
  isr: BrokerId[];
}

export interface MetadataRequest {
  type: 'metadataRequest';
  correlationId: number;
}

export interface PartitionMetadata {
  partition: PartitionId;
  leader: BrokerId;
  leaderEpoch: number;
}

export interface MetadataResponse {
  type: 'metadataResponse';
  correlationId: number;
  partitions: PartitionMetadata[];
}

export type Message =
  | ProduceRequest
  | ProduceResponse
  | FetchRequest
  | FetchResponse
  | OffsetsForLeaderEpochRequest
  | OffsetsForLeaderEpochResponse
  | BrokerRegistration
  | BrokerHeartbeat
  | LeaderAndIsr
  | AlterPartitionRequest
  | AlterPartitionResponse
  | MetadataRequest
  | MetadataResponse
  | GroupMessage;

export type MessageType = Message['type'];
