/**
 * A deliberately tiny broker, for teaching the `BrokerLogic` slot (see docs/broker-api.md). It is not Kafka.
 *
 * What it does: registers with the controller and heartbeats; leads a partition it hosts once a LeaderAndIsr
 * names it; appends produce requests and answers at once; serves fetches up to its log end, which it also
 * reports as the high watermark; appends every record to its disk (page cache, no fsync); rebuilds its logs
 * from the disk when it starts.
 *
 * What it leaves out: replication (it is correct for replicationFactor=1 only: it never fetches as a follower,
 * never answers OffsetsForLeaderEpoch, never asks for an ISR change), waiting for the ISR on acks=all,
 * min.insync.replicas, a high watermark apart from the log end, idempotent producers' sequence checks, leader-epoch
 * caches and truncation, fsync. Run it with RF > 1 and kcheck should find it losing acknowledged records.
 */
import { replicasOf } from '../src/system/config/config.ts';
import type { BrokerLogic, BrokerView, ReplicaView } from '../src/system/kernel/broker-logic.ts';
import { brokerIdOf, CONTROLLER_NODE, type BrokerId, type NodeId, type PartitionId } from '../src/system/kernel/ids.ts';
import type { NodeContext, Output } from '../src/system/kernel/node-logic.ts';
import type { ErrorCode } from '../src/system/protocol/errors.ts';
import type { FetchRequest, Message, ProduceRequest } from '../src/system/protocol/messages.ts';
import type { LogRecord } from '../src/system/protocol/records.ts';

interface Replica {
  partition: PartitionId;
  leader: BrokerId; // as the controller named it, -1 until it speaks
  leaderEpoch: number;
  partitionEpoch: number; // of the last LeaderAndIsr taken, reported in heartbeats
  isr: BrokerId[];
  log: LogRecord[];
}

export interface MinimalState {
  brokerId: BrokerId;
  incarnation: number;
  partitions: Record<PartitionId, Replica>;
}

const HEARTBEAT_TIMER = 'heartbeat';
const logFile = (partition: PartitionId) => `p${partition}.log`;

function heartbeat(state: MinimalState, ctx: NodeContext, out: Output[]): void {
  // What it knows: the controller sends a partition's LeaderAndIsr again where this is behind (one was lost).
  const partitionEpochs = Object.values(state.partitions).map(({ partition, partitionEpoch }) => ({ partition, partitionEpoch }));
  out.push({ type: 'send', to: CONTROLLER_NODE, message: { type: 'brokerHeartbeat', brokerId: state.brokerId, incarnation: state.incarnation, partitionEpochs } });
  out.push({ type: 'setTimer', name: HEARTBEAT_TIMER, delayMs: ctx.config.brokerHeartbeatIntervalMs });
}

function onProduce(state: MinimalState, from: NodeId, request: ProduceRequest, out: Output[]): void {
  const replica = state.partitions[request.partition];
  let error: ErrorCode = 'NOT_LEADER_OR_FOLLOWER';
  let baseOffset = -1;
  if (replica && replica.leader === state.brokerId) {
    error = 'NONE';
    baseOffset = replica.log.length;
    const { producerId, baseSequence } = request;
    const records = request.records.map(({ key, value }, i): LogRecord => ({
      offset: baseOffset + i, leaderEpoch: replica.leaderEpoch, key, value, producerId,
      sequence: producerId < 0 ? -1 : baseSequence + i,
    }));
    replica.log.push(...records);
    // Copies: the kernel keeps what it is given, and the state must not share objects with the disk.
    out.push({ type: 'disk', op: { op: 'append', file: logFile(replica.partition), entries: records.map((r) => ({ ...r })) } });
  }
  if (request.acks === 0) return; // acks=0: the producer expects no answer
  out.push({ type: 'send', to: from, message: { type: 'produceResponse', correlationId: request.correlationId, partition: request.partition, error, baseOffset } });
}

function fetchError(state: MinimalState, replica: Replica | undefined, request: FetchRequest): ErrorCode {
  if (!replica || replica.leader !== state.brokerId) return 'NOT_LEADER_OR_FOLLOWER';
  // KIP-320: a requester that names an epoch must name ours (-1 skips the check).
  if (request.currentLeaderEpoch >= 0 && request.currentLeaderEpoch < replica.leaderEpoch) return 'FENCED_LEADER_EPOCH';
  if (request.currentLeaderEpoch > replica.leaderEpoch) return 'UNKNOWN_LEADER_EPOCH';
  if (request.fetchOffset < 0 || request.fetchOffset > replica.log.length) return 'OFFSET_OUT_OF_RANGE';
  return 'NONE';
}

function onFetch(state: MinimalState, from: NodeId, request: FetchRequest, out: Output[]): void {
  const replica = state.partitions[request.partition];
  const error = fetchError(state, replica, request);
  const end = request.fetchOffset + request.maxRecords;
  const records = replica && error === 'NONE' ? replica.log.slice(request.fetchOffset, end).map((r) => ({ ...r })) : [];
  const highWatermark = replica ? replica.log.length : -1; // RF=1: every appended record is committed
  const leaderEpoch = replica ? replica.leaderEpoch : -1;
  out.push({ type: 'send', to: from, message: { type: 'fetchResponse', correlationId: request.correlationId, partition: request.partition, error, records, highWatermark, leaderEpoch } });
}

function onMessage(state: MinimalState, from: NodeId, message: Message, out: Output[]): void {
  if (message.type === 'produceRequest') return onProduce(state, from, message, out);
  if (message.type === 'fetchRequest') return onFetch(state, from, message, out);
  if (message.type === 'leaderAndIsr' && from === CONTROLLER_NODE) {
    const replica = state.partitions[message.partition];
    // A word from an older epoch (late on its link, or sent again) must never undo a newer one.
    if (!replica || message.leaderEpoch < replica.leaderEpoch) return;
    if (message.leaderEpoch === replica.leaderEpoch && message.partitionEpoch <= replica.partitionEpoch) return;
    replica.leader = message.leader;
    replica.leaderEpoch = message.leaderEpoch;
    replica.partitionEpoch = message.partitionEpoch;
    replica.isr = [...message.isr];
  }
  // Anything else (OffsetsForLeaderEpoch, AlterPartition answers, stray responses) is ignored.
}

export const minimalBroker: BrokerLogic<MinimalState> = {
  id: 'example/minimal',
  init(ctx) {
    const brokerId = brokerIdOf(ctx.self);
    if (brokerId === undefined) throw new Error(`${ctx.self} is not a broker`);
    const state: MinimalState = { brokerId, incarnation: ctx.incarnation, partitions: {} };
    for (let partition = 0; partition < ctx.config.partitions; partition++) {
      if (!replicasOf(ctx.config, partition).includes(brokerId)) continue;
      // The page cache as the last incarnation left it (after a power loss: only what was flushed).
      const stored = (ctx.disk[logFile(partition)] ?? []) as readonly LogRecord[];
      state.partitions[partition] = { partition, leader: -1, leaderEpoch: -1, partitionEpoch: -1, isr: [], log: stored.map((r) => ({ ...r })) };
    }
    const outputs: Output[] = [
      { type: 'send', to: CONTROLLER_NODE, message: { type: 'brokerRegistration', brokerId, incarnation: ctx.incarnation } },
      { type: 'setTimer', name: HEARTBEAT_TIMER, delayMs: ctx.config.brokerHeartbeatIntervalMs },
    ];
    return { state, outputs };
  },
  handle(state, input, ctx) {
    const outputs: Output[] = [];
    if (input.type === 'message') onMessage(state, input.from, input.message, outputs);
    else if (input.type === 'timer' && input.name === HEARTBEAT_TIMER) heartbeat(state, ctx, outputs);
    return { state, outputs }; // mutated in place: the kernel never looks at the old state
  },
  inspect(state): BrokerView {
    const roleOf = (r: Replica): ReplicaView['role'] => (r.leader === state.brokerId ? 'leader' : r.leader < 0 ? 'none' : 'follower');
    const replicas = Object.values(state.partitions).map((r) => ({ ...r, role: roleOf(r), highWatermark: r.log.length }));
    return { brokerId: state.brokerId, replicas };
  },
};
