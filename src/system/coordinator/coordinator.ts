/**
 * The group coordinator inside a broker: it coordinates the groups of every `__consumer_offsets` partition the broker
 * leads. Requests for a group whose partition it does not lead (or has not loaded in the current leader epoch) get
 * NOT_COORDINATOR. After every broker input `syncCoordinator` loads a partition the broker has just come to lead
 * (rebuilding its groups from the log), unloads one it no longer leads (failing what waits on it), and completes the
 * writes the high watermark now covers.
 */
import type { BrokerContext } from '../broker/broker-context.ts';
import type { NodeId } from '../kernel/ids.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { GroupRequest, GroupResponse } from '../protocol/group-messages.ts';
import { offsetsPartitionOf } from './offsets-partition.ts';
import { reply, type CoordinatorContext } from './coordinator-context.ts';
import type { CoordinatorParts } from './coordinator-parts.ts';
import { emptyCoordinatorState, type Group } from './group-state.ts';
import { expireSessions, handleHeartbeat, handleJoin, handleLeave, handleSync, newGroup, onGroupWritten, onRebalanceTimer, scheduleSessionCheck } from './membership.ts';
import { handleCommit, handleOffsetFetch, onCommitWritten } from './offset-requests.ts';
import { coordinatingReplica } from './offsets-writes.ts';

function contextOf(b: BrokerContext, parts: CoordinatorParts): CoordinatorContext {
  return { b, parts, state: (b.state.coordinator ??= emptyCoordinatorState()) };
}

export function errorResponse(request: GroupRequest, error: ErrorCode): GroupResponse {
  const correlationId = request.correlationId;
  switch (request.type) {
    case 'joinGroupRequest':
      return { type: 'joinGroupResponse', correlationId, error, generation: -1, memberId: request.memberId, leaderId: '', assignor: null, members: [] };
    case 'syncGroupRequest':
      return { type: 'syncGroupResponse', correlationId, error, partitions: [] };
    case 'heartbeatRequest':
      return { type: 'heartbeatResponse', correlationId, error };
    case 'leaveGroupRequest':
      return { type: 'leaveGroupResponse', correlationId, error };
    case 'offsetCommitRequest':
      return { type: 'offsetCommitResponse', correlationId, error };
    case 'offsetFetchRequest':
      return { type: 'offsetFetchResponse', correlationId, error, offsets: [] };
    default: {
      const never: never = request;
      return never;
    }
  }
}

export function handleGroupRequest(b: BrokerContext, parts: CoordinatorParts, from: NodeId, request: GroupRequest): void {
  const c = contextOf(b, parts);
  const offsetsPartition = offsetsPartitionOf(b.ctx.config, request.groupId);
  if (offsetsPartition === undefined || !coordinatingReplica(c, offsetsPartition)) return reply(c, from, errorResponse(request, 'NOT_COORDINATOR'));
  const known = c.state.groups[request.groupId];
  const create = (): Group => (c.state.groups[request.groupId] = newGroup(request.groupId, offsetsPartition));
  switch (request.type) {
    case 'joinGroupRequest':
      handleJoin(c, known ?? create(), from, request);
      break;
    case 'syncGroupRequest':
      if (!known) return reply(c, from, errorResponse(request, 'UNKNOWN_MEMBER_ID'));
      handleSync(c, known, from, request);
      break;
    case 'heartbeatRequest':
      if (!known) return reply(c, from, errorResponse(request, 'UNKNOWN_MEMBER_ID'));
      handleHeartbeat(c, known, from, request);
      break;
    case 'leaveGroupRequest':
      if (!known) return reply(c, from, errorResponse(request, 'UNKNOWN_MEMBER_ID'));
      handleLeave(c, known, from, request);
      break;
    case 'offsetCommitRequest':
      handleCommit(c, known, offsetsPartition, from, request, create);
      break;
    case 'offsetFetchRequest':
      return handleOffsetFetch(c, known, from, request);
    default: {
      const never: never = request;
      return never;
    }
  }
  const group = c.state.groups[request.groupId];
  if (group) scheduleSessionCheck(c, group);
}

/** `groupSession:<group>` and `groupRebalance:<group>`; a timer of a group no longer here does nothing. */
export function onCoordinatorTimer(b: BrokerContext, parts: CoordinatorParts, name: string): void {
  const c = contextOf(b, parts);
  const cut = name.indexOf(':');
  const group = c.state.groups[name.slice(cut + 1)];
  if (!group || !coordinatingReplica(c, group.offsetsPartition)) return;
  if (name.startsWith('groupSession:')) expireSessions(c, group);
  else onRebalanceTimer(c, group);
  scheduleSessionCheck(c, group);
}

export function isCoordinatorTimer(name: string): boolean {
  return name.startsWith('groupSession:') || name.startsWith('groupRebalance:');
}

/** Everything waiting on a partition this broker stopped coordinating is answered NOT_COORDINATOR, and forgotten. */
function unload(c: CoordinatorContext, partition: number): void {
  delete c.state.loaded[partition];
  for (const write of c.state.pendingWrites) {
    if (write.partition === partition && write.kind === 'commit') reply(c, write.reply, { type: 'offsetCommitResponse', correlationId: write.reply.correlationId, error: 'NOT_COORDINATOR' });
  }
  c.state.pendingWrites = c.state.pendingWrites.filter((w) => w.partition !== partition);
  for (const group of Object.values(c.state.groups)) {
    if (group.offsetsPartition !== partition) continue;
    for (const member of Object.values(group.members)) {
      if (member.awaitingJoin) reply(c, member.awaitingJoin, errorResponse({ type: 'joinGroupRequest', correlationId: member.awaitingJoin.correlationId, groupId: group.groupId, memberId: member.memberId, sessionTimeoutMs: 0, rebalanceTimeoutMs: 0, assignors: [] }, 'NOT_COORDINATOR'));
      if (member.awaitingSync) reply(c, member.awaitingSync, { type: 'syncGroupResponse', correlationId: member.awaitingSync.correlationId, error: 'NOT_COORDINATOR', partitions: [] });
    }
    delete c.state.groups[group.groupId];
  }
}

function load(c: CoordinatorContext, partition: number, leaderEpoch: number): void {
  const replica = c.b.state.partitions[partition]!;
  c.state.loaded[partition] = leaderEpoch;
  const groups = c.parts.groupsFromLog(replica.log, partition, c.b.ctx.nowMs);
  for (const group of Object.values(groups)) {
    c.state.groups[group.groupId] = group;
    scheduleSessionCheck(c, group);
  }
}

function completeWrites(c: CoordinatorContext): void {
  if (c.state.pendingWrites.length === 0) return;
  const waiting = [];
  for (const write of c.state.pendingWrites) {
    const replica = c.b.state.partitions[write.partition];
    if (!replica || replica.highWatermark < write.requiredOffset) {
      waiting.push(write);
      continue;
    }
    const group = c.state.groups[write.groupId];
    if (!group) continue;
    if (write.kind === 'commit') onCommitWritten(c, group, write);
    else onGroupWritten(c, group, write.generation);
    scheduleSessionCheck(c, group);
  }
  c.state.pendingWrites = waiting;
}

/** Called after every input of a broker in a cluster with groups. */
export function syncCoordinator(b: BrokerContext, parts: CoordinatorParts): void {
  const groups = b.ctx.config.groups;
  if (!groups) return;
  const c = contextOf(b, parts);
  for (let i = 0; i < groups.offsetsPartitions; i++) {
    const partition = b.ctx.config.partitions + i;
    const replica = b.state.partitions[partition];
    const loadedEpoch = c.state.loaded[partition];
    const leads = replica?.role === 'leader';
    if (loadedEpoch !== undefined && (!leads || replica!.leaderEpoch !== loadedEpoch)) unload(c, partition);
    if (leads && c.state.loaded[partition] === undefined) load(c, partition, replica!.leaderEpoch);
  }
  completeWrites(c);
}
