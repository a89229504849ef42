/**
 * A consumer that `subscribe`s: a member of a group in Kafka's classic (eager) protocol. It finds its coordinator,
 * joins (the leader computes the assignment with its assignor), syncs, fetches the committed offsets of what it got
 * and consumes from there; it heartbeats, and rejoins at its next poll when the coordinator says a rebalance is under
 * way, first committing what it processed (auto-commit, commit-after-processing) and giving its partitions up. A
 * member told it is fenced (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID) loses its partitions without committing. Commits
 * follow the processing style (config/groups.ts). Left out: the cooperative protocol, static membership, and
 * commitSync's retries (a failed commit is reported, and what waited on it is not processed).
 */
import type { GroupMemberConfig } from '../../config/groups.ts';
import { topicPartitions } from '../../coordinator/offsets-partition.ts';
import { brokerNode, CONTROLLER_NODE, type PartitionId } from '../../kernel/ids.ts';
import type { NodeContext, Output } from '../../kernel/node-logic.ts';
import type { ErrorCode } from '../../protocol/errors.ts';
import type { GroupMessage, PartitionOffset } from '../../protocol/group-messages.ts';
import type { ConsumedRecord } from '../../protocol/records.ts';
import { ASSIGNORS } from './assignors.ts';
import type { ConsumerState } from './consumer-state.ts';

export type MemberPhase = 'unsubscribed' | 'findingCoordinator' | 'joining' | 'syncing' | 'fetchingOffsets' | 'stable';

/** Records fetched and not yet processed: with commit-before-processing they wait for their commit's answer. */
export interface HeldBatch {
  partition: PartitionId;
  fetchOffset: number;
  records: ConsumedRecord[];
}

export interface InFlightCommit {
  correlationId: number;
  generation: number;
  offsets: PartitionOffset[];
  sentMs: number;
  held: HeldBatch[];
}

export interface MemberState {
  phase: MemberPhase;
  /** The coordinator's broker id, -1 while unknown. */
  coordinator: number;
  memberId: string;
  generation: number;
  assignment: PartitionId[];
  /** The generation the assignment was handed out in (`generation` turns -1 when the member learns it was fenced). */
  assignedGeneration: number;
  /** The last time the coordinator answered a heartbeat (or the member joined): a session's worth of silence after it
   * and the member takes its coordinator for dead, as Kafka's heartbeat thread does. */
  lastHeartbeatAnswerMs: number;
  /** The one membership request in flight (FindCoordinator, JoinGroup, SyncGroup, OffsetFetch). */
  request: { kind: 'findCoordinator' | 'join' | 'sync' | 'offsetFetch'; correlationId: number } | null;
  heartbeat: { correlationId: number; sentMs: number } | null;
  commits: InFlightCommit[];
  /** Set by the coordinator's word; the rejoin happens at the next poll, as in Kafka (onJoinPrepare runs in poll). */
  rejoinNeeded: boolean;
  nextAutoCommitMs: number;
}

export interface MemberContext {
  consumer: ConsumerState;
  member: MemberState;
  config: GroupMemberConfig;
  requestTimeoutMs: number;
  ctx: NodeContext;
  outputs: Output[];
}

export const memberTimers = {
  request: 'group:request',
  retry: 'group:retry',
  heartbeat: 'group:heartbeat',
  commit: (correlationId: number) => `group:commit:${correlationId}`,
};

export function newMemberState(): MemberState {
  return { phase: 'unsubscribed', coordinator: -1, memberId: '', generation: -1, assignment: [], assignedGeneration: -1, lastHeartbeatAnswerMs: 0, request: null, heartbeat: null, commits: [], rejoinNeeded: false, nextAutoCommitMs: 0 };
}

function send(m: MemberContext, message: GroupMessage): void {
  m.outputs.push({ type: 'send', to: m.member.coordinator < 0 ? CONTROLLER_NODE : brokerNode(m.member.coordinator), message });
}

function startRequest(m: MemberContext, kind: NonNullable<MemberState['request']>['kind'], timeoutMs: number): number {
  const correlationId = m.consumer.nextCorrelationId++;
  m.member.request = { kind, correlationId };
  m.outputs.push({ type: 'cancelTimer', name: memberTimers.retry });
  m.outputs.push({ type: 'setTimer', name: memberTimers.request, delayMs: timeoutMs });
  return correlationId;
}

function findCoordinator(m: MemberContext): void {
  m.member.coordinator = -1;
  const correlationId = startRequest(m, 'findCoordinator', m.requestTimeoutMs);
  m.outputs.push({ type: 'send', to: CONTROLLER_NODE, message: { type: 'findCoordinatorRequest', correlationId, groupId: m.config.groupId } });
}

function sendJoin(m: MemberContext): void {
  if (m.member.coordinator < 0) return findCoordinator(m);
  m.member.phase = 'joining';
  // Kafka waits for a join response up to the rebalance timeout and a little more.
  const correlationId = startRequest(m, 'join', Math.max(m.requestTimeoutMs, m.config.maxPollIntervalMs + 5_000));
  send(m, { type: 'joinGroupRequest', correlationId, groupId: m.config.groupId, memberId: m.member.memberId, sessionTimeoutMs: m.config.sessionTimeoutMs, rebalanceTimeoutMs: m.config.maxPollIntervalMs, assignors: [m.config.assignor] });
}

/** What comes after the coordinator is (re)found, or a backoff ends: a member in the group carries on, any other (re)joins. */
function resume(m: MemberContext): void {
  if (m.member.phase === 'unsubscribed') return;
  if (m.member.coordinator < 0) return findCoordinator(m);
  if (m.member.phase === 'fetchingOffsets') return sendOffsetFetch(m);
  if (m.member.phase !== 'stable') sendJoin(m);
}

function retryLater(m: MemberContext): void {
  m.member.request = null;
  m.outputs.push({ type: 'cancelTimer', name: memberTimers.request });
  m.outputs.push({ type: 'setTimer', name: memberTimers.retry, delayMs: m.config.retryBackoffMs });
}

export function subscribe(m: MemberContext): void {
  if (m.member.phase !== 'unsubscribed') return;
  m.member.phase = 'findingCoordinator';
  m.outputs.push({ type: 'setTimer', name: memberTimers.heartbeat, delayMs: m.config.heartbeatIntervalMs });
  findCoordinator(m);
}

function positionsOf(m: MemberContext): PartitionOffset[] {
  return m.member.assignment.filter((p) => m.consumer.positions[p] !== undefined).map((partition) => ({ partition, offset: m.consumer.positions[partition]! }));
}

/** Sends an OffsetCommit; without a coordinator or a generation it fails at once (what it holds is not processed). */
function sendCommit(m: MemberContext, offsets: PartitionOffset[], held: HeldBatch[]): void {
  if (offsets.length === 0) return;
  const correlationId = m.consumer.nextCorrelationId++;
  const commit: InFlightCommit = { correlationId, generation: m.member.generation, offsets, sentMs: m.ctx.nowMs, held };
  if (m.member.coordinator < 0) return observeCommit(m, commit, 'COORDINATOR_NOT_AVAILABLE');
  // Kafka's consumer commits only within a generation it holds (generationIfStable): once told it is fenced, a commit
  // fails in the client (CommitFailedException) and is never sent with generation -1.
  if (m.member.generation < 0) return observeCommit(m, commit, 'ILLEGAL_GENERATION');
  m.member.commits.push(commit);
  send(m, { type: 'offsetCommitRequest', correlationId, groupId: m.config.groupId, memberId: m.member.memberId, generation: m.member.generation, offsets });
  m.outputs.push({ type: 'setTimer', name: memberTimers.commit(correlationId), delayMs: m.requestTimeoutMs });
}

function observeCommit(m: MemberContext, commit: InFlightCommit, error: ErrorCode): void {
  m.outputs.push({
    type: 'observe',
    observation: { type: 'offsetCommitted', consumer: m.ctx.self, groupId: m.config.groupId, memberId: m.member.memberId, generation: commit.generation, offsets: commit.offsets, error, sentMs: commit.sentMs },
  });
}

function dropFetches(m: MemberContext): void {
  for (const partition of Object.keys(m.consumer.inFlight).map(Number)) {
    delete m.consumer.inFlight[partition];
    m.outputs.push({ type: 'cancelTimer', name: `fetch:${partition}` });
  }
}

/** Gives the partitions up (eager protocol): nothing more is fetched or processed from them in this generation. */
function revoke(m: MemberContext, lost: boolean): void {
  dropFetches(m);
  const partitions = m.member.assignment;
  m.member.assignment = [];
  m.consumer.positions = {};
  m.outputs.push({ type: 'observe', observation: { type: 'groupRevoked', consumer: m.ctx.self, groupId: m.config.groupId, generation: m.member.assignedGeneration, partitions, lost } });
}

/** Kafka's onJoinPrepare: commit what was processed (unless fenced), give the partitions up, join again. */
function rejoin(m: MemberContext): void {
  m.member.rejoinNeeded = false;
  const fenced = m.member.generation < 0;
  if (m.member.phase === 'stable') {
    if (!fenced && m.config.processing !== 'commitBeforeProcessing') sendCommit(m, positionsOf(m), []);
    revoke(m, fenced);
  }
  m.member.heartbeat = null;
  sendJoin(m);
}

/** The coordinator's errors every group response may carry; true when handled. */
function onGroupError(m: MemberContext, error: ErrorCode): boolean {
  switch (error) {
    case 'NOT_COORDINATOR':
    case 'COORDINATOR_NOT_AVAILABLE':
      // Kafka marks the coordinator unknown and looks it up again after retry.backoff.ms (no busy loop while the
      // controller still names a broker that is not coordinating yet).
      m.member.coordinator = -1;
      retryLater(m);
      return true;
    case 'UNKNOWN_MEMBER_ID':
      m.member.memberId = '';
      m.member.generation = -1;
      m.member.rejoinNeeded = true;
      return true;
    case 'ILLEGAL_GENERATION':
      m.member.generation = -1;
      m.member.rejoinNeeded = true;
      return true;
    case 'REBALANCE_IN_PROGRESS':
      m.member.rejoinNeeded = true;
      return true;
    default:
      return false;
  }
}

/** During a join or sync the member is not consuming: a rejoin it is told to make happens at once. */
function onMembershipError(m: MemberContext, error: ErrorCode): void {
  m.member.request = null;
  m.outputs.push({ type: 'cancelTimer', name: memberTimers.request });
  if (!onGroupError(m, error)) return retryLater(m);
  if (m.member.rejoinNeeded && m.member.phase !== 'stable') rejoin(m);
}

export function onPoll(m: MemberContext): boolean {
  if (m.member.rejoinNeeded && m.member.phase === 'stable') {
    rejoin(m);
    return false;
  }
  if (m.member.phase !== 'stable') return false;
  if (m.config.processing === 'autoCommit' && m.ctx.nowMs >= m.member.nextAutoCommitMs) {
    // Kafka's auto-commit, in poll: the positions of what earlier polls returned (and the application processed).
    sendCommit(m, positionsOf(m), []);
    m.member.nextAutoCommitMs = m.ctx.nowMs + m.config.autoCommitIntervalMs;
  }
  return true;
}

export function onCommitCommand(m: MemberContext): void {
  if (m.member.phase === 'stable') sendCommit(m, positionsOf(m), []);
}

export function leave(m: MemberContext): void {
  if (m.member.phase === 'unsubscribed') return;
  if (m.member.phase === 'stable' && m.config.processing === 'autoCommit') sendCommit(m, positionsOf(m), []);
  if (m.member.coordinator >= 0 && m.member.memberId !== '') send(m, { type: 'leaveGroupRequest', correlationId: m.consumer.nextCorrelationId++, groupId: m.config.groupId, memberId: m.member.memberId });
  if (m.member.phase === 'stable') revoke(m, false);
  for (const name of [memberTimers.request, memberTimers.retry, memberTimers.heartbeat]) m.outputs.push({ type: 'cancelTimer', name });
  Object.assign(m.member, { phase: 'unsubscribed', memberId: '', generation: -1, request: null, heartbeat: null, rejoinNeeded: false });
}

/** Whether records of `partition` fetched now belong to this member's current assignment. */
export function ownsPartition(member: MemberState, partition: PartitionId): boolean {
  return member.phase === 'stable' && member.assignment.includes(partition);
}

/** Processing a batch: at once, or (commit-before-processing) once the commit of the position after it is answered. */
export function onFetched(m: MemberContext, batch: HeldBatch): void {
  const last = batch.records[batch.records.length - 1];
  if (m.config.processing === 'commitBeforeProcessing' && last) return sendCommit(m, [{ partition: batch.partition, offset: last.offset + 1 }], [batch]);
  process(m, batch);
}

function process(m: MemberContext, batch: HeldBatch): void {
  m.outputs.push({ type: 'observe', observation: { type: 'pollReturned', consumer: m.ctx.self, partition: batch.partition, fetchOffset: batch.fetchOffset, records: batch.records } });
}

function onCommitAnswer(m: MemberContext, correlationId: number, error: ErrorCode | 'REQUEST_TIMED_OUT'): void {
  const commit = m.member.commits.find((c) => c.correlationId === correlationId);
  if (!commit) return;
  m.member.commits = m.member.commits.filter((c) => c !== commit);
  m.outputs.push({ type: 'cancelTimer', name: memberTimers.commit(correlationId) });
  observeCommit(m, commit, error === 'REQUEST_TIMED_OUT' ? 'REQUEST_TIMED_OUT' : error);
  if (error === 'NONE') return commit.held.forEach((batch) => process(m, batch));
  if (error === 'REQUEST_TIMED_OUT') return findCoordinator(m);
  onGroupError(m, error);
}

function onJoined(m: MemberContext, message: Extract<GroupMessage, { type: 'joinGroupResponse' }>): void {
  m.member.memberId = message.memberId;
  m.member.generation = message.generation;
  m.member.phase = 'syncing';
  const isLeader = message.memberId === message.leaderId;
  const assignor = ASSIGNORS[message.assignor ?? m.config.assignor];
  const assignments = isLeader ? assignor(message.members, topicPartitions(m.ctx.config)) : [];
  const correlationId = startRequest(m, 'sync', m.requestTimeoutMs);
  send(m, { type: 'syncGroupRequest', correlationId, groupId: m.config.groupId, memberId: m.member.memberId, generation: m.member.generation, assignments });
}

function onSynced(m: MemberContext, partitions: PartitionId[]): void {
  m.member.assignment = [...partitions].sort((x, y) => x - y);
  m.member.phase = 'fetchingOffsets';
  sendOffsetFetch(m);
}

function sendOffsetFetch(m: MemberContext): void {
  const correlationId = startRequest(m, 'offsetFetch', m.requestTimeoutMs);
  send(m, { type: 'offsetFetchRequest', correlationId, groupId: m.config.groupId, partitions: m.member.assignment });
}

function onOffsetsFetched(m: MemberContext, offsets: PartitionOffset[]): void {
  m.consumer.positions = {};
  // No committed offset: auto.offset.reset=earliest.
  for (const partition of m.member.assignment) m.consumer.positions[partition] = Math.max(0, offsets.find((o) => o.partition === partition)?.offset ?? 0);
  m.member.phase = 'stable';
  m.member.assignedGeneration = m.member.generation;
  m.member.lastHeartbeatAnswerMs = m.ctx.nowMs;
  m.member.nextAutoCommitMs = m.ctx.nowMs + m.config.autoCommitIntervalMs;
  m.outputs.push({
    type: 'observe',
    observation: { type: 'groupAssigned', consumer: m.ctx.self, groupId: m.config.groupId, memberId: m.member.memberId, generation: m.member.generation, partitions: [...m.member.assignment], positions: positionsOf(m) },
  });
}

export function onGroupMessage(m: MemberContext, message: GroupMessage): void {
  const awaited = (kind: NonNullable<MemberState['request']>['kind'], correlationId: number) => m.member.request?.kind === kind && m.member.request.correlationId === correlationId;
  switch (message.type) {
    case 'findCoordinatorResponse':
      if (!awaited('findCoordinator', message.correlationId)) return;
      if (message.error !== 'NONE' || message.coordinator < 0) return retryLater(m);
      m.member.request = null;
      m.outputs.push({ type: 'cancelTimer', name: memberTimers.request });
      m.member.coordinator = message.coordinator;
      return resume(m);
    case 'joinGroupResponse':
      if (!awaited('join', message.correlationId)) return;
      if (message.error !== 'NONE') return onMembershipError(m, message.error);
      return onJoined(m, message);
    case 'syncGroupResponse':
      if (!awaited('sync', message.correlationId)) return;
      if (message.error !== 'NONE') return onMembershipError(m, message.error);
      return onSynced(m, message.partitions);
    case 'offsetFetchResponse':
      if (!awaited('offsetFetch', message.correlationId)) return;
      if (message.error !== 'NONE') return onMembershipError(m, message.error);
      m.member.request = null;
      m.outputs.push({ type: 'cancelTimer', name: memberTimers.request });
      return onOffsetsFetched(m, message.offsets);
    case 'heartbeatResponse':
      if (m.member.heartbeat?.correlationId !== message.correlationId) return;
      m.member.heartbeat = null;
      m.member.lastHeartbeatAnswerMs = m.ctx.nowMs;
      if (message.error !== 'NONE') onGroupError(m, message.error);
      return;
    case 'offsetCommitResponse':
      return onCommitAnswer(m, message.correlationId, message.error);
    case 'leaveGroupResponse':
    case 'findCoordinatorRequest':
    case 'joinGroupRequest':
    case 'syncGroupRequest':
    case 'heartbeatRequest':
    case 'leaveGroupRequest':
    case 'offsetCommitRequest':
    case 'offsetFetchRequest':
      return;
    default: {
      const never: never = message;
      return never;
    }
  }
}

function onHeartbeatTimer(m: MemberContext): void {
  m.outputs.push({ type: 'setTimer', name: memberTimers.heartbeat, delayMs: m.config.heartbeatIntervalMs });
  if (m.member.phase !== 'stable' || m.member.coordinator < 0 || m.member.request) return;
  const inFlight = m.member.heartbeat;
  const silentMs = m.ctx.nowMs - m.member.lastHeartbeatAnswerMs;
  if (silentMs >= m.config.sessionTimeoutMs || (inFlight && m.ctx.nowMs - inFlight.sentMs >= m.requestTimeoutMs)) {
    // No answer for a session, or to a request within its timeout: the coordinator is taken for dead (Kafka's
    // markCoordinatorUnknown); the member keeps its partitions until the coordinator it finds says otherwise.
    m.member.heartbeat = null;
    m.member.lastHeartbeatAnswerMs = m.ctx.nowMs;
    return findCoordinator(m);
  }
  if (inFlight) return;
  const correlationId = m.consumer.nextCorrelationId++;
  m.member.heartbeat = { correlationId, sentMs: m.ctx.nowMs };
  send(m, { type: 'heartbeatRequest', correlationId, groupId: m.config.groupId, memberId: m.member.memberId, generation: m.member.generation });
}

/** Timers named `group:…`; true when the name was one. */
export function onMemberTimer(m: MemberContext, name: string): boolean {
  if (!name.startsWith('group:')) return false;
  if (name === memberTimers.heartbeat) onHeartbeatTimer(m);
  else if (name === memberTimers.retry) resume(m);
  else if (name === memberTimers.request) {
    const timedOut = m.member.request;
    m.member.request = null;
    // A join or sync that timed out is taken as a dead coordinator; so is an unanswered FindCoordinator, retried.
    if (timedOut) findCoordinator(m);
  } else if (name.startsWith('group:commit:')) onCommitAnswer(m, Number(name.slice('group:commit:'.length)), 'REQUEST_TIMED_OUT');
  return true;
}
