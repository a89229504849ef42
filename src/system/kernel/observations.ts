/**
 * What clients see: the invocations and completions of sends and polls. These are the only facts the spec
 * model and the history checker judge; everything else in the world is implementation detail.
 */
import type { ErrorCode } from '../protocol/errors.ts';
import type { ConsumedRecord } from '../protocol/records.ts';
import type { NodeId, PartitionId } from './ids.ts';

export interface SendInvoked {
  type: 'sendInvoked';
  producer: NodeId;
  sendId: string;
  key: string | null;
  value: string;
  partition: PartitionId;
}

/** A send the producer reports as acknowledged. `offset` is -1 with acks=0, as in Kafka. */
export interface SendAcked {
  type: 'sendAcked';
  producer: NodeId;
  sendId: string;
  value: string;
  partition: PartitionId;
  offset: number;
}

/** A send the producer gave up on. `definite` is true only when the record surely is not in the log
 * (it was rejected before any append); a timeout is indefinite. */
export interface SendFailed {
  type: 'sendFailed';
  producer: NodeId;
  sendId: string;
  value: string;
  partition: PartitionId;
  error: ErrorCode | 'DELIVERY_TIMEOUT';
  definite: boolean;
}

export interface PollReturned {
  type: 'pollReturned';
  consumer: NodeId;
  partition: PartitionId;
  /** The position the fetch asked from. */
  fetchOffset: number;
  records: ConsumedRecord[];
}

/** The consumer's position was out of range on the leader and reset to the log start (earliest). */
export interface PositionReset {
  type: 'positionReset';
  consumer: NodeId;
  partition: PartitionId;
  fromOffset: number;
  toOffset: number;
}

/** A group member got its partitions for a generation (SyncGroup answered) and starts from these positions. */
export interface GroupAssigned {
  type: 'groupAssigned';
  consumer: NodeId;
  groupId: string;
  memberId: string;
  generation: number;
  partitions: PartitionId[];
  /** Where the member starts on each partition: the committed offset, or the log start when there is none. */
  positions: { partition: PartitionId; offset: number }[];
}

/** A group member gave its partitions up: before rejoining, on leaving, or (`lost`) after it learned it was fenced. */
export interface GroupRevoked {
  type: 'groupRevoked';
  consumer: NodeId;
  groupId: string;
  generation: number;
  partitions: PartitionId[];
  lost: boolean;
}

/** The answer to a member's OffsetCommit: the offsets are the positions it asked to commit (the next offset to read). */
export interface OffsetCommitted {
  type: 'offsetCommitted';
  consumer: NodeId;
  groupId: string;
  memberId: string;
  generation: number;
  offsets: { partition: PartitionId; offset: number }[];
  error: ErrorCode | 'REQUEST_TIMED_OUT';
  /** The virtual time the commit was sent; the answer's is the observation's own. */
  sentMs: number;
}

export type GroupObservation = GroupAssigned | GroupRevoked | OffsetCommitted;

export type Observation = SendInvoked | SendAcked | SendFailed | PollReturned | PositionReset | GroupObservation;
