/**
 * The classic group protocol's membership on the coordinator (Kafka's GroupMetadataManager for classic groups):
 * JoinGroup, SyncGroup, Heartbeat, LeaveGroup and session expiry move a group through Empty → PreparingRebalance →
 * CompletingRebalance → Stable. A rebalance's join phase ends when every member has rejoined (not before the initial
 * delay of a group that was Empty) or at the rebalance timeout, dropping those that did not; each completed join
 * phase is a new generation. The leader's assignment is written to `__consumer_offsets` before anyone gets it.
 * Left out: static members, protocol metadata, the pending-member timeout of KIP-394.
 */
import type { AssignorName } from '../config/groups.ts';
import type { NodeId } from '../kernel/ids.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { HeartbeatRequest, JoinGroupRequest, LeaveGroupRequest, SyncGroupRequest } from '../protocol/group-messages.ts';
import { coordinatorTimers, reply, type CoordinatorContext } from './coordinator-context.ts';
import type { Group, GroupMember, PendingReply } from './group-state.ts';
import { groupMetadataRecord } from './offsets-log.ts';
import { appendToOffsetsLog, coordinatingReplica } from './offsets-writes.ts';

export function newGroup(groupId: string, offsetsPartition: number): Group {
  return { groupId, offsetsPartition, phase: 'Empty', generation: 0, leaderId: null, assignor: null, members: {}, offsets: {}, nextMemberSeq: 0, rebalance: null };
}

function joinError(c: CoordinatorContext, to: PendingReply, error: ErrorCode, memberId = ''): void {
  reply(c, to, { type: 'joinGroupResponse', correlationId: to.correlationId, error, generation: -1, memberId, leaderId: '', assignor: null, members: [] });
}

function syncAnswer(c: CoordinatorContext, to: PendingReply, error: ErrorCode, partitions: number[] = []): void {
  reply(c, to, { type: 'syncGroupResponse', correlationId: to.correlationId, error, partitions: [...partitions] });
}

function rebalanceTimeoutOf(group: Readonly<Group>): number {
  return Math.max(0, ...Object.values(group.members).map((m) => m.rebalanceTimeoutMs));
}

function setRebalanceTimer(c: CoordinatorContext, group: Group): void {
  if (!group.rebalance) return;
  const now = c.b.ctx.nowMs;
  const dueMs = group.rebalance.notBeforeMs > now ? group.rebalance.notBeforeMs : group.rebalance.deadlineMs;
  c.b.outputs.push({ type: 'setTimer', name: coordinatorTimers.rebalance(group.groupId), delayMs: Math.max(0, dueMs - now) });
}

/** Starts a rebalance: members awaiting an assignment are told to rejoin (Kafka's resetAndPropagateAssignmentError). */
export function prepareRebalance(c: CoordinatorContext, group: Group): void {
  const now = c.b.ctx.nowMs;
  const initial = group.phase === 'Empty';
  for (const member of Object.values(group.members)) {
    if (member.awaitingSync) syncAnswer(c, member.awaitingSync, 'REBALANCE_IN_PROGRESS');
    member.awaitingSync = null;
  }
  group.phase = 'PreparingRebalance';
  const delayMs = initial ? (c.b.ctx.config.groups?.initialRebalanceDelayMs ?? 0) : 0;
  group.rebalance = { notBeforeMs: now + delayMs, deadlineMs: now + Math.max(delayMs, rebalanceTimeoutOf(group)) };
  setRebalanceTimer(c, group);
}

/** The protocol every member supports, in the leader's order of preference (Kafka votes; one topic, one client kind). */
function chooseAssignor(group: Readonly<Group>, leader: Readonly<GroupMember>): AssignorName | null {
  const members = Object.values(group.members);
  return leader.assignors.find((name) => members.every((m) => m.assignors.includes(name))) ?? null;
}

function writeGroup(c: CoordinatorContext, group: Group): void {
  const replica = coordinatingReplica(c, group.offsetsPartition);
  if (!replica) return;
  const requiredOffset = appendToOffsetsLog(c, replica, [groupMetadataRecord(group)]);
  c.state.pendingWrites.push({ kind: 'group', partition: group.offsetsPartition, leaderEpoch: replica.leaderEpoch, requiredOffset, groupId: group.groupId, generation: group.generation });
}

/** Ends the join phase: those who did not rejoin are out, the generation advances, every joined member is answered. */
function completeJoin(c: CoordinatorContext, group: Group): void {
  for (const member of Object.values(group.members)) if (!member.awaitingJoin) delete group.members[member.memberId];
  group.generation += 1;
  group.rebalance = null;
  const members = Object.values(group.members);
  if (members.length === 0) {
    group.phase = 'Empty';
    group.leaderId = null;
    group.assignor = null;
    return writeGroup(c, group);
  }
  group.phase = 'CompletingRebalance';
  if (!group.leaderId || !group.members[group.leaderId]) group.leaderId = members[0]!.memberId;
  group.assignor = chooseAssignor(group, group.members[group.leaderId]!);
  for (const member of members) {
    const to = member.awaitingJoin!;
    member.awaitingJoin = null;
    member.assignment = [];
    member.lastHeartbeatMs = c.b.ctx.nowMs;
    const isLeader = member.memberId === group.leaderId;
    reply(c, to, {
      type: 'joinGroupResponse',
      correlationId: to.correlationId,
      error: 'NONE',
      generation: group.generation,
      memberId: member.memberId,
      leaderId: group.leaderId,
      assignor: group.assignor,
      members: isLeader ? members.map((m) => m.memberId) : [],
    });
  }
}

function maybeCompleteJoin(c: CoordinatorContext, group: Group): void {
  if (group.phase !== 'PreparingRebalance' || !group.rebalance) return;
  if (c.b.ctx.nowMs < group.rebalance.notBeforeMs) return;
  const members = Object.values(group.members);
  if (members.length === 0 || members.every((m) => m.awaitingJoin)) completeJoin(c, group);
}

export function onRebalanceTimer(c: CoordinatorContext, group: Group): void {
  if (group.phase !== 'PreparingRebalance' || !group.rebalance) return;
  if (c.b.ctx.nowMs >= group.rebalance.deadlineMs) return completeJoin(c, group);
  maybeCompleteJoin(c, group);
  if (group.phase === 'PreparingRebalance') setRebalanceTimer(c, group);
}

export function handleJoin(c: CoordinatorContext, group: Group, from: NodeId, request: JoinGroupRequest): void {
  const to = { client: from, correlationId: request.correlationId };
  if (group.phase === 'Dead') return joinError(c, to, 'COORDINATOR_NOT_AVAILABLE');
  let member = request.memberId === '' ? undefined : group.members[request.memberId];
  if (request.memberId !== '' && !member) return joinError(c, to, 'UNKNOWN_MEMBER_ID', request.memberId);
  if (!member) {
    const epoch = c.state.loaded[group.offsetsPartition] ?? 0;
    const memberId = `${from}-e${epoch}-${group.nextMemberSeq++}`;
    member = { memberId, client: from, sessionTimeoutMs: 0, rebalanceTimeoutMs: 0, assignors: [], awaitingJoin: null, awaitingSync: null, assignment: [], lastHeartbeatMs: c.b.ctx.nowMs };
    group.members[memberId] = member;
  }
  member.sessionTimeoutMs = request.sessionTimeoutMs;
  member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
  member.assignors = [...request.assignors];
  member.awaitingJoin = to;
  member.lastHeartbeatMs = c.b.ctx.nowMs;
  if (group.phase === 'PreparingRebalance') return maybeCompleteJoin(c, group);
  prepareRebalance(c, group);
  maybeCompleteJoin(c, group);
}

export function handleSync(c: CoordinatorContext, group: Group, from: NodeId, request: SyncGroupRequest): void {
  const to = { client: from, correlationId: request.correlationId };
  const member = group.members[request.memberId];
  if (!member || group.phase === 'Empty' || group.phase === 'Dead') return syncAnswer(c, to, 'UNKNOWN_MEMBER_ID');
  if (request.generation !== group.generation) return syncAnswer(c, to, 'ILLEGAL_GENERATION');
  member.lastHeartbeatMs = c.b.ctx.nowMs;
  if (group.phase === 'PreparingRebalance') return syncAnswer(c, to, 'REBALANCE_IN_PROGRESS');
  if (group.phase === 'Stable') return syncAnswer(c, to, 'NONE', member.assignment);
  member.awaitingSync = to;
  if (request.memberId !== group.leaderId) return;
  for (const m of Object.values(group.members)) m.assignment = [];
  for (const assigned of c.parts.acceptedAssignment(group, request.assignments)) {
    const target = group.members[assigned.memberId];
    if (target) target.assignment = [...assigned.partitions];
  }
  writeGroup(c, group);
}

/** The group's metadata for a generation is durable: the generation is Stable and every member gets its assignment. */
export function onGroupWritten(c: CoordinatorContext, group: Group, generation: number): void {
  if (group.phase !== 'CompletingRebalance' || group.generation !== generation) return;
  group.phase = 'Stable';
  for (const member of Object.values(group.members)) {
    if (member.awaitingSync) syncAnswer(c, member.awaitingSync, 'NONE', member.assignment);
    member.awaitingSync = null;
  }
}

export function handleHeartbeat(c: CoordinatorContext, group: Group, from: NodeId, request: HeartbeatRequest): void {
  const answer = (error: ErrorCode) => reply(c, from, { type: 'heartbeatResponse', correlationId: request.correlationId, error });
  const member = group.members[request.memberId];
  if (group.phase === 'Dead') return answer('COORDINATOR_NOT_AVAILABLE');
  if (!member || group.phase === 'Empty') return answer('UNKNOWN_MEMBER_ID');
  if (request.generation !== group.generation) return answer('ILLEGAL_GENERATION');
  member.lastHeartbeatMs = c.b.ctx.nowMs;
  answer(group.phase === 'PreparingRebalance' ? 'REBALANCE_IN_PROGRESS' : 'NONE');
}

function removeMember(c: CoordinatorContext, group: Group, memberId: string): void {
  delete group.members[memberId];
  if (group.phase === 'Stable' || group.phase === 'CompletingRebalance') prepareRebalance(c, group);
  else maybeCompleteJoin(c, group);
}

export function handleLeave(c: CoordinatorContext, group: Group, from: NodeId, request: LeaveGroupRequest): void {
  const member = group.members[request.memberId];
  reply(c, from, { type: 'leaveGroupResponse', correlationId: request.correlationId, error: member ? 'NONE' : 'UNKNOWN_MEMBER_ID' });
  if (member) removeMember(c, group, request.memberId);
}

/** Members whose session ran out are removed; one waiting on a join or a sync is alive (Kafka's hasSatisfiedHeartbeat). */
export function expireSessions(c: CoordinatorContext, group: Group): void {
  const now = c.b.ctx.nowMs;
  for (const member of Object.values(group.members)) {
    if (member.awaitingJoin || member.awaitingSync) continue;
    if (now >= member.lastHeartbeatMs + member.sessionTimeoutMs) removeMember(c, group, member.memberId);
  }
}

/** The session timer is set to the earliest deadline among members that can expire. */
export function scheduleSessionCheck(c: CoordinatorContext, group: Group): void {
  const deadlines = Object.values(group.members).filter((m) => !m.awaitingJoin && !m.awaitingSync).map((m) => m.lastHeartbeatMs + m.sessionTimeoutMs);
  const name = coordinatorTimers.session(group.groupId);
  if (deadlines.length === 0) return void c.b.outputs.push({ type: 'cancelTimer', name });
  c.b.outputs.push({ type: 'setTimer', name, delayMs: Math.max(0, Math.min(...deadlines) - c.b.ctx.nowMs) });
}
