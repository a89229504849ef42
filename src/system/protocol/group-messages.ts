/**
 * The classic consumer-group protocol's messages (Kafka's FindCoordinator, JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup, OffsetCommit, OffsetFetch). One topic, so a subscription and an assignment are lists of partitions;
 * left out: protocol metadata bytes, static membership (group.instance.id), KIP-394's MEMBER_ID_REQUIRED round trip
 * (a first join gets its member id at once, as before Kafka 2.2), and commit metadata strings.
 */
import type { AssignorName } from '../config/groups.ts';
import type { BrokerId, PartitionId } from '../kernel/ids.ts';
import type { ErrorCode } from './errors.ts';

/** Kafka's JoinGroupRequest.UNKNOWN_GENERATION_ID and UNKNOWN_MEMBER_ID. */
export const NO_GENERATION = -1;
export const NO_MEMBER_ID = '';

/** Asked of the controller here (Kafka: any broker), which knows who leads each `__consumer_offsets` partition. */
export interface FindCoordinatorRequest {
  type: 'findCoordinatorRequest';
  correlationId: number;
  groupId: string;
}

export interface FindCoordinatorResponse {
  type: 'findCoordinatorResponse';
  correlationId: number;
  error: ErrorCode;
  /** -1 when the group's offsets partition has no leader (COORDINATOR_NOT_AVAILABLE). */
  coordinator: BrokerId;
}

export interface JoinGroupRequest {
  type: 'joinGroupRequest';
  correlationId: number;
  groupId: string;
  memberId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  assignors: AssignorName[];
}

export interface JoinGroupResponse {
  type: 'joinGroupResponse';
  correlationId: number;
  error: ErrorCode;
  generation: number;
  memberId: string;
  leaderId: string;
  assignor: AssignorName | null;
  /** Filled for the leader only: every member of the generation, by member id. */
  members: string[];
}

export interface MemberAssignment {
  memberId: string;
  partitions: PartitionId[];
}

export interface SyncGroupRequest {
  type: 'syncGroupRequest';
  correlationId: number;
  groupId: string;
  memberId: string;
  generation: number;
  /** The leader's assignment for the generation; empty from the other members. */
  assignments: MemberAssignment[];
}

export interface SyncGroupResponse {
  type: 'syncGroupResponse';
  correlationId: number;
  error: ErrorCode;
  partitions: PartitionId[];
}

export interface HeartbeatRequest {
  type: 'heartbeatRequest';
  correlationId: number;
  groupId: string;
  memberId: string;
  generation: number;
}

export interface HeartbeatResponse {
  type: 'heartbeatResponse';
  correlationId: number;
  error: ErrorCode;
}

export interface LeaveGroupRequest {
  type: 'leaveGroupRequest';
  correlationId: number;
  groupId: string;
  memberId: string;
}

export interface LeaveGroupResponse {
  type: 'leaveGroupResponse';
  correlationId: number;
  error: ErrorCode;
}

export interface PartitionOffset {
  partition: PartitionId;
  offset: number;
}

export interface OffsetCommitRequest {
  type: 'offsetCommitRequest';
  correlationId: number;
  groupId: string;
  memberId: string;
  /** NO_GENERATION for a consumer that `assign`s (accepted only while the group is Empty). */
  generation: number;
  offsets: PartitionOffset[];
}

export interface OffsetCommitResponse {
  type: 'offsetCommitResponse';
  correlationId: number;
  error: ErrorCode;
}

export interface OffsetFetchRequest {
  type: 'offsetFetchRequest';
  correlationId: number;
  groupId: string;
  partitions: PartitionId[];
}

export interface OffsetFetchResponse {
  type: 'offsetFetchResponse';
  correlationId: number;
  error: ErrorCode;
  /** -1 for a partition with no committed offset. */
  offsets: PartitionOffset[];
}

export type GroupRequest = JoinGroupRequest | SyncGroupRequest | HeartbeatRequest | LeaveGroupRequest | OffsetCommitRequest | OffsetFetchRequest;
export type GroupResponse = JoinGroupResponse | SyncGroupResponse | HeartbeatResponse | LeaveGroupResponse | OffsetCommitResponse | OffsetFetchResponse;

export type GroupMessage = FindCoordinatorRequest | FindCoordinatorResponse | GroupRequest | GroupResponse;

const GROUP_REQUEST_TYPES: ReadonlySet<string> = new Set(['joinGroupRequest', 'syncGroupRequest', 'heartbeatRequest', 'leaveGroupRequest', 'offsetCommitRequest', 'offsetFetchRequest']);

export function isGroupRequest(message: { type: string }): message is GroupRequest {
  return GROUP_REQUEST_TYPES.has(message.type);
}

const GROUP_MESSAGE_TYPES: ReadonlySet<string> = new Set([...GROUP_REQUEST_TYPES, 'findCoordinatorRequest', 'findCoordinatorResponse', 'joinGroupResponse', 'syncGroupResponse', 'heartbeatResponse', 'leaveGroupResponse', 'offsetCommitResponse', 'offsetFetchResponse']);

/** Whether a message belongs to the group protocol: nodes that take no part in it ignore these. */
export function isGroupMessage(message: { type: string }): message is GroupMessage {
  return GROUP_MESSAGE_TYPES.has(message.type);
}
