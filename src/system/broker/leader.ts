/**
 * The leader side of a partition: appends produce requests, serves fetches to followers and consumers,
 * tracks follower progress, advances the high watermark, answers acks=all requests once committed, and asks
 * the controller to shrink or expand the ISR.
 */
import { CONTROLLER_NODE, type BrokerId, type NodeId } from '../kernel/ids.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import { CONSUMER_REPLICA_ID, type FetchRequest, type OffsetsForLeaderEpochRequest, type ProduceRequest } from '../protocol/messages.ts';
import type { LogRecord } from '../protocol/records.ts';
import { timerNames, type BrokerContext } from './broker-context.ts';
import { logEndOffset, type PartitionReplica, type PendingProduce } from './broker-state.ts';
import { appendRecords, readRecords } from './log.ts';
import { recordSequences } from './sequences.ts';

function respondProduce(b: BrokerContext, client: NodeId, request: { correlationId: number; partition: number }, error: ErrorCode, baseOffset: number): void {
  b.outputs.push({
    type: 'send',
    to: client,
    message: { type: 'produceResponse', correlationId: request.correlationId, partition: request.partition, error, baseOffset: error === 'NONE' ? baseOffset : -1 },
  });
}

/** The ISR the high watermark must respect: the committed ISR plus any expansion under way (KIP-841). */
function maximalIsr(replica: PartitionReplica): BrokerId[] {
  // The union in order, ISR first, as a Set would give it; a few brokers, asked on every append and fetch.
  const members: BrokerId[] = [];
  for (const broker of replica.isr) if (!members.includes(broker)) members.push(broker);
  for (const broker of replica.pendingIsrChange?.newIsr ?? []) if (!members.includes(broker)) members.push(broker);
  return members;
}

function completePending(b: BrokerContext, replica: PartitionReplica, pending: PendingProduce, error: ErrorCode): void {
  b.outputs.push({ type: 'cancelTimer', name: timerNames.produceTimeout(pending.client, pending.correlationId) });
  respondProduce(b, pending.client, { correlationId: pending.correlationId, partition: replica.partition }, error, pending.baseOffset);
}

/** Answers every waiting acks=all request the high watermark now covers. */
function completeCommitted(b: BrokerContext, replica: PartitionReplica): void {
  const waiting: PendingProduce[] = [];
  for (const pending of replica.purgatory) {
    if (pending.requiredOffset <= replica.highWatermark) {
      completePending(b, replica, pending, b.parts.committedAnswer(replica, b.ctx.config.minInsyncReplicas));
    } else waiting.push(pending);
  }
  replica.purgatory = waiting;
}

export function maybeAdvanceHighWatermark(b: BrokerContext, replica: PartitionReplica): void {
  const candidate = b.parts.leaderHighWatermark(replica, maximalIsr(replica));
  if (candidate > replica.highWatermark) replica.highWatermark = candidate;
  completeCommitted(b, replica);
}

/** Fails every waiting produce request (the replica stopped leading). */
export function failPurgatory(b: BrokerContext, replica: PartitionReplica, error: ErrorCode): void {
  for (const pending of replica.purgatory) completePending(b, replica, pending, error);
  replica.purgatory = [];
}

export function expireProduce(b: BrokerContext, client: NodeId, correlationId: number): void {
  for (const replica of Object.values(b.state.partitions)) {
    const index = replica.purgatory.findIndex((p) => p.client === client && p.correlationId === correlationId);
    if (index < 0) continue;
    const [pending] = replica.purgatory.splice(index, 1);
    respondProduce(b, client, { correlationId, partition: replica.partition }, 'REQUEST_TIMED_OUT', pending!.baseOffset);
  }
}

function appendAsLeader(b: BrokerContext, replica: PartitionReplica, request: ProduceRequest): number {
  const baseOffset = logEndOffset(replica);
  const records: LogRecord[] = request.records.map((r, i) => ({
    offset: baseOffset + i,
    leaderEpoch: replica.leaderEpoch,
    key: r.key,
    value: r.value,
    producerId: request.producerId,
    sequence: request.producerId < 0 ? -1 : request.baseSequence + i,
    ...(i < request.records.length - 1 ? { lastInBatch: false } : {}),
  }));
  appendRecords(replica, records, b.outputs);
  recordSequences(replica.producers, records);
  return baseOffset;
}

/** Answers a produce request, unless it was sent with acks=0 (the producer waits for nothing). */
function reply(b: BrokerContext, client: NodeId, request: ProduceRequest, error: ErrorCode, baseOffset = -1): void {
  if (request.acks !== 0) respondProduce(b, client, request, error, baseOffset);
}

export function handleProduce(b: BrokerContext, client: NodeId, request: ProduceRequest): void {
  const replica = b.state.partitions[request.partition];
  if (!replica || replica.role !== 'leader') return reply(b, client, request, 'NOT_LEADER_OR_FOLLOWER');
  const admission = b.parts.produceAdmission(replica, request.acks, b.ctx.config.minInsyncReplicas);
  if (admission !== 'NONE') return reply(b, client, request, admission);
  const verdict = b.parts.checkSequence(replica.producers, request.producerId, request.baseSequence, request.records.length);
  if (verdict.kind === 'outOfOrder') return reply(b, client, request, 'OUT_OF_ORDER_SEQUENCE_NUMBER');
  const baseOffset = verdict.kind === 'duplicate' ? verdict.baseOffset : appendAsLeader(b, replica, request);
  const requiredOffset = baseOffset + request.records.length;
  maybeAdvanceHighWatermark(b, replica);
  const acknowledgement = b.parts.acknowledgement(request.acks);
  if (acknowledgement === 'never') return;
  if (acknowledgement === 'now') return reply(b, client, request, 'NONE', baseOffset);
  if (requiredOffset <= replica.highWatermark) return reply(b, client, request, b.parts.committedAnswer(replica, b.ctx.config.minInsyncReplicas), baseOffset);
  replica.purgatory.push({ client, correlationId: request.correlationId, baseOffset, requiredOffset, deadlineMs: b.ctx.nowMs + request.timeoutMs });
  b.outputs.push({ type: 'setTimer', name: timerNames.produceTimeout(client, request.correlationId), delayMs: request.timeoutMs });
}

function requestIsrChange(b: BrokerContext, replica: PartitionReplica, newIsr: BrokerId[]): void {
  replica.pendingIsrChange = { newIsr, sentMs: b.ctx.nowMs };
  b.outputs.push({
    type: 'send',
    to: CONTROLLER_NODE,
    message: {
      type: 'alterPartitionRequest',
      brokerId: b.state.brokerId,
      partition: replica.partition,
      leaderEpoch: replica.leaderEpoch,
      partitionEpoch: replica.partitionEpoch,
      newIsr,
    },
  });
}

/** Kafka's rule: caught up if the fetch reached the leader's end now, or the end at the previous fetch. */
function recordFollowerFetch(b: BrokerContext, replica: PartitionReplica, follower: BrokerId, fetchOffset: number): void {
  const leaderEnd = logEndOffset(replica);
  const progress = (replica.followers[follower] ??= { logEndOffset: -1, lastCaughtUpTimeMs: b.ctx.nowMs, lastFetchTimeMs: b.ctx.nowMs, lastFetchLeaderLogEndOffset: leaderEnd });
  if (fetchOffset >= leaderEnd) progress.lastCaughtUpTimeMs = b.ctx.nowMs;
  else if (fetchOffset >= progress.lastFetchLeaderLogEndOffset) progress.lastCaughtUpTimeMs = Math.max(progress.lastCaughtUpTimeMs, progress.lastFetchTimeMs);
  progress.logEndOffset = fetchOffset;
  progress.lastFetchTimeMs = b.ctx.nowMs;
  progress.lastFetchLeaderLogEndOffset = leaderEnd;
  if (!replica.isr.includes(follower) && !replica.pendingIsrChange && b.parts.mayJoinIsr(replica, progress)) {
    requestIsrChange(b, replica, [...replica.isr, follower].sort((x, y) => x - y));
  }
}

function fetchError(b: BrokerContext, replica: PartitionReplica | undefined, request: FetchRequest): ErrorCode {
  if (!replica || replica.role !== 'leader') return 'NOT_LEADER_OR_FOLLOWER';
  const epochError = b.parts.fetchEpochCheck(replica.leaderEpoch, request.currentLeaderEpoch);
  if (epochError !== 'NONE') return epochError;
  if (request.fetchOffset > logEndOffset(replica) || request.fetchOffset < 0) return 'OFFSET_OUT_OF_RANGE';
  return 'NONE';
}

export function serveFetch(b: BrokerContext, from: NodeId, request: FetchRequest): void {
  const replica = b.state.partitions[request.partition];
  const error = fetchError(b, replica, request);
  let records: LogRecord[] = [];
  if (replica && error === 'NONE') {
    const isFollower = request.replicaId !== CONSUMER_REPLICA_ID;
    if (isFollower) {
      recordFollowerFetch(b, replica, request.replicaId, request.fetchOffset);
      maybeAdvanceHighWatermark(b, replica);
    }
    const limit = isFollower ? logEndOffset(replica) : b.parts.consumerFetchLimit(replica);
    records = readRecords(replica, request.fetchOffset, limit, request.maxRecords);
  }
  b.outputs.push({
    type: 'send',
    to: from,
    message: {
      type: 'fetchResponse',
      correlationId: request.correlationId,
      partition: request.partition,
      error,
      records: records.map((r) => ({ ...r })),
      highWatermark: replica?.highWatermark ?? -1,
      leaderEpoch: replica?.leaderEpoch ?? -1,
    },
  });
}

export function serveEpochEnd(b: BrokerContext, from: NodeId, request: OffsetsForLeaderEpochRequest): void {
  const replica = b.state.partitions[request.partition];
  let error: ErrorCode = 'NONE';
  if (!replica || replica.role !== 'leader') error = 'NOT_LEADER_OR_FOLLOWER';
  else error = b.parts.fetchEpochCheck(replica.leaderEpoch, request.currentLeaderEpoch);
  const answer = replica && error === 'NONE' ? b.parts.epochEndOffset(replica.epochCache, request.leaderEpoch, logEndOffset(replica)) : { leaderEpoch: -1, endOffset: -1 };
  b.outputs.push({ type: 'send', to: from, message: { type: 'offsetsForLeaderEpochResponse', correlationId: request.correlationId, partition: request.partition, error, ...answer } });
}

/**
 * The periodic ISR check: resend an ISR change the controller has not answered (the unansweredIsrChange part;
 * until it is settled the maximal ISR bounds the high watermark and no other change is made), else drop
 * lagging followers.
 */
export function checkIsr(b: BrokerContext, replica: PartitionReplica): void {
  if (replica.role !== 'leader') return;
  const pending = replica.pendingIsrChange;
  if (pending) {
    const action = b.parts.unansweredIsrChange(pending, b.ctx.nowMs, b.ctx.config.replicaSocketTimeoutMs);
    if (action === 'wait') return;
    if (action === 'resend') return requestIsrChange(b, replica, pending.newIsr);
    replica.pendingIsrChange = null;
  }
  const lagging = replica.isr.filter((broker) => {
    if (broker === b.state.brokerId) return false;
    const progress = replica.followers[broker];
    return !progress || b.parts.isLaggingFollower(progress, b.ctx.nowMs, b.ctx.config.replicaLagTimeMaxMs);
  });
  if (lagging.length > 0) requestIsrChange(b, replica, replica.isr.filter((broker) => !lagging.includes(broker)));
}

/** Sends the follower progress a fresh leader starts from: every ISR member counts as caught up now. */
export function resetFollowers(b: BrokerContext, replica: PartitionReplica): void {
  replica.followers = {};
  for (const broker of replica.replicas) {
    if (broker === b.state.brokerId) continue;
    replica.followers[broker] = { logEndOffset: -1, lastCaughtUpTimeMs: b.ctx.nowMs, lastFetchTimeMs: b.ctx.nowMs, lastFetchLeaderLogEndOffset: logEndOffset(replica) };
  }
}
