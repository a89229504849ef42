/**
 * A group coordinator's state, kept by the broker that leads the group's `__consumer_offsets` partition: per group
 * its phase (Kafka's classic group states), generation, members with the replies they wait for, and committed
 * offsets; and the writes to `__consumer_offsets` waiting for the high watermark (acks=all). Plain data; lost on a
 * crash and rebuilt from the partition's log when the broker leads it again.
 */
import type { AssignorName } from '../config/groups.ts';
import type { NodeId, PartitionId } from '../kernel/ids.ts';

export type GroupPhase = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** Where and to which request an answer is owed. */
export interface PendingReply {
  client: NodeId;
  correlationId: number;
}

export interface GroupMember {
  memberId: string;
  client: NodeId;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  assignors: AssignorName[];
  /** The JoinGroup this member waits to have answered (the join phase of a rebalance). */
  awaitingJoin: PendingReply | null;
  /** The SyncGroup this member waits to have answered (CompletingRebalance, or the group write after it). */
  awaitingSync: PendingReply | null;
  assignment: PartitionId[];
  lastHeartbeatMs: number;
}

export interface CommittedOffset {
  offset: number;
  /** The generation the commit came with (-1 from a consumer that `assign`s). */
  generation: number;
}

export interface Group {
  groupId: string;
  /** The hosted `__consumer_offsets` partition the group lives in. */
  offsetsPartition: PartitionId;
  phase: GroupPhase;
  generation: number;
  leaderId: string | null;
  assignor: AssignorName | null;
  /** By member id, in join order. */
  members: Record<string, GroupMember>;
  offsets: Record<PartitionId, CommittedOffset>;
  /** Makes member ids unique within one reign of this coordinator (the id also carries the leader epoch). */
  nextMemberSeq: number;
  /** In PreparingRebalance: the join phase may not end before `notBeforeMs` (the initial delay), must by `deadlineMs`. */
  rebalance: { notBeforeMs: number; deadlineMs: number } | null;
}

/** A write to `__consumer_offsets` that completes once the high watermark passes `requiredOffset`. */
export type PendingWrite =
  | { kind: 'commit'; partition: PartitionId; leaderEpoch: number; requiredOffset: number; groupId: string; generation: number; offsets: { partition: PartitionId; offset: number }[]; reply: PendingReply }
  | { kind: 'group'; partition: PartitionId; leaderEpoch: number; requiredOffset: number; groupId: string; generation: number };

export interface CoordinatorState {
  /** The leader epoch in which each hosted `__consumer_offsets` partition was loaded (absent: not coordinating it). */
  loaded: Record<PartitionId, number>;
  groups: Record<string, Group>;
  pendingWrites: PendingWrite[];
}

export function emptyCoordinatorState(): CoordinatorState {
  return { loaded: {}, groups: {}, pendingWrites: [] };
}
