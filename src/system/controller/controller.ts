/**
 * The controller: registers brokers, fences a broker whose heartbeats stop for `brokerSessionTimeoutMs`,
 * elects partition leaders (bumping the leader epoch), validates AlterPartition requests by leader epoch and
 * partition epoch, sends a broker whose heartbeat shows it behind the current LeaderAndIsr again, and answers
 * clients' metadata requests. It never fails (see controller-state.ts).
 */
import { hostedPartitionCount, replicasOf } from '../config/config.ts';
import { offsetsPartitionOf } from '../coordinator/offsets-partition.ts';
import { brokerIdOf, brokerNode, type BrokerId, type NodeId, type PartitionId } from '../kernel/ids.ts';
import type { ControllerLogic } from '../kernel/controller-logic.ts';
import type { NodeContext, NodeInput, Output, Transition } from '../kernel/node-logic.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { AlterPartitionRequest, AppliedPartitionEpoch, BrokerHeartbeat, BrokerRegistration, LeaderAndIsr, Message } from '../protocol/messages.ts';
import type { ControllerState, PartitionRegistration } from './controller-state.ts';
import { referenceControllerParts, type ControllerContext, type ControllerParts } from './controller-parts.ts';
import { isAlive } from './election.ts';

const SESSION_CHECK_TIMER = 'sessionCheck';

/** The word on one partition for one broker, stamped with the incarnation registered for it (Kafka's broker epoch). */
function leaderAndIsr(state: ControllerState, partition: PartitionId, broker: BrokerId): LeaderAndIsr {
  const registration = state.partitions[partition]!;
  const brokerEpoch = state.brokers[broker]?.incarnation ?? -1;
  return { type: 'leaderAndIsr', partition, ...registration, isr: [...registration.isr], replicas: [...registration.replicas], brokerEpoch };
}

function partitionIds(state: ControllerState): PartitionId[] {
  return Object.keys(state.partitions).map(Number);
}

/** Tells every replica of the partition its new leader, epoch and ISR. */
function announce(state: ControllerState, partition: PartitionId, outputs: Output[]): void {
  for (const broker of state.partitions[partition]!.replicas) {
    outputs.push({ type: 'send', to: brokerNode(broker), message: leaderAndIsr(state, partition, broker) });
  }
}

function changeLeader(state: ControllerState, partition: PartitionId, leader: BrokerId, isr: BrokerId[], outputs: Output[]): void {
  const registration = state.partitions[partition]!;
  registration.leader = leader;
  registration.isr = isr;
  registration.leaderEpoch += 1;
  registration.partitionEpoch += 1;
  announce(state, partition, outputs);
}

/** A new partition waits for all its replicas to register (as a topic is created on a running cluster), so that
 * its preferred replica leads; after one session timeout it elects from whoever is there. */
function mayElectFirstLeader(state: ControllerState, registration: PartitionRegistration, ctx: NodeContext): boolean {
  if (registration.leaderEpoch > 0) return true;
  return ctx.nowMs >= ctx.config.brokerSessionTimeoutMs || registration.replicas.every((b) => isAlive(state, b));
}

/** Elects a leader for every partition that has none, where an eligible replica is alive. */
function electOfflinePartitions(state: ControllerState, ctx: ControllerContext, outputs: Output[]): void {
  for (const partition of partitionIds(state)) {
    const registration = state.partitions[partition]!;
    if (registration.leader >= 0 || !mayElectFirstLeader(state, registration, ctx)) continue;
    const election = ctx.parts.electLeader(state, registration, ctx.config.uncleanLeaderElection);
    if (election) changeLeader(state, partition, election.leader, election.isr, outputs);
  }
}

/** The broker's session is over: it leaves every ISR it can, and the partitions it led get new leaders. */
function fence(state: ControllerState, broker: BrokerId, ctx: ControllerContext, outputs: Output[]): void {
  state.brokers[broker]!.alive = false;
  for (const partition of partitionIds(state)) {
    const registration = state.partitions[partition]!;
    if (registration.leader === broker) {
      const isr = ctx.parts.isrAfterFencing(registration.isr, broker);
      const election = ctx.parts.electLeader(state, { ...registration, isr }, ctx.config.uncleanLeaderElection);
      changeLeader(state, partition, election?.leader ?? -1, election?.isr ?? isr, outputs);
    } else if (registration.isr.includes(broker)) {
      const isr = ctx.parts.isrAfterFencing(registration.isr, broker);
      if (sameMembers(isr, registration.isr)) continue;
      registration.isr = isr;
      registration.partitionEpoch += 1;
      announce(state, partition, outputs);
    }
  }
}

/** A broker is alive (again): it learns the state of its partitions, and offline partitions may elect it. A new
 * incarnation ignored every LeaderAndIsr stamped for the old one, so this is how it learns its role. */
function admit(state: ControllerState, broker: BrokerId, incarnation: number, ctx: ControllerContext, outputs: Output[]): void {
  state.brokers[broker] = { incarnation, alive: true, lastHeartbeatMs: ctx.nowMs };
  for (const partition of partitionIds(state)) {
    const registration = state.partitions[partition]!;
    if (registration.replicas.includes(broker)) {
      outputs.push({ type: 'send', to: brokerNode(broker), message: leaderAndIsr(state, partition, broker) });
    }
  }
  electOfflinePartitions(state, ctx, outputs);
}

/**
 * A heartbeat says which partition epoch the broker has applied for each partition it hosts (a KRaft broker's
 * heartbeat carries its metadata offset). Where it is behind, the LeaderAndIsr that would have told it was lost
 * (on a cut link, to a crash, or dropped) or is still on its way: the current one is sent again, stamped with
 * the incarnation that sent the heartbeat. A duplicate is harmless: the broker ignores a word that is not newer.
 */
function resendWhereBehind(state: ControllerState, broker: BrokerId, applied: readonly AppliedPartitionEpoch[], outputs: Output[]): void {
  for (const { partition, partitionEpoch } of applied) {
    const registration = state.partitions[partition];
    if (!registration?.replicas.includes(broker) || partitionEpoch >= registration.partitionEpoch) continue;
    outputs.push({ type: 'send', to: brokerNode(broker), message: leaderAndIsr(state, partition, broker) });
  }
}

function onBrokerContact(state: ControllerState, broker: BrokerId, message: BrokerRegistration | BrokerHeartbeat, ctx: ControllerContext, outputs: Output[]): void {
  const { incarnation } = message;
  const known = state.brokers[broker];
  if (known && incarnation < known.incarnation) return; // a message from a dead incarnation
  if (known && incarnation === known.incarnation) {
    known.lastHeartbeatMs = ctx.nowMs;
    if (!known.alive) return admit(state, broker, incarnation, ctx, outputs); // admitting sends every partition's state
    if (message.type === 'brokerHeartbeat' && Array.isArray(message.partitionEpochs)) resendWhereBehind(state, broker, message.partitionEpochs, outputs);
    return;
  }
  // A new incarnation: the old process is gone, whatever the session timer says.
  if (known?.alive) fence(state, broker, ctx, outputs);
  admit(state, broker, incarnation, ctx, outputs);
}

function sameMembers(isr: readonly BrokerId[], other: readonly BrokerId[]): boolean {
  return isr.length === other.length && other.every((b) => isr.includes(b));
}

function alreadyApplied(registration: PartitionRegistration, request: AlterPartitionRequest): boolean {
  return sameMembers(registration.isr, request.newIsr);
}

function alterPartitionError(state: ControllerState, request: AlterPartitionRequest, parts: ControllerParts): ErrorCode {
  const registration = state.partitions[request.partition];
  if (!registration) return 'NOT_LEADER_OR_FOLLOWER';
  if (!isAlive(state, request.brokerId)) return 'STALE_BROKER_EPOCH';
  if (registration.leader !== request.brokerId || registration.leaderEpoch !== request.leaderEpoch) return 'FENCED_LEADER_EPOCH';
  // Already in the desired state: a retry whose first answer was lost. Answered with the current state, checked
  // before the partition epoch so that the retry is idempotent (Kafka's controller: "if a partition is already
  // in the desired state, just return it").
  if (alreadyApplied(registration, request)) return 'NONE';
  const epochError = parts.partitionEpochCheck(registration, request);
  if (epochError !== 'NONE') return epochError;
  if (!request.newIsr.includes(request.brokerId)) return 'INELIGIBLE_REPLICA';
  // KIP-841: a fenced broker may not join the ISR (the admitsToIsr part).
  const joining = request.newIsr.filter((b) => !registration.isr.includes(b));
  if (joining.some((b) => !parts.admitsToIsr(state, registration, b))) return 'INELIGIBLE_REPLICA';
  return 'NONE';
}

function onAlterPartition(state: ControllerState, from: NodeId, request: AlterPartitionRequest, parts: ControllerParts, outputs: Output[]): void {
  const error = alterPartitionError(state, request, parts);
  const registration = state.partitions[request.partition];
  if (!registration) return;
  if (error === 'NONE' && !alreadyApplied(registration, request)) {
    registration.isr = [...request.newIsr].sort((a, b) => a - b);
    registration.partitionEpoch += 1;
  }
  outputs.push({
    type: 'send',
    to: from,
    message: { type: 'alterPartitionResponse', partition: request.partition, error, ...registration, isr: [...registration.isr] },
  });
}

function onMessage(state: ControllerState, from: NodeId, message: Message, ctx: ControllerContext, outputs: Output[]): void {
  switch (message.type) {
    case 'brokerRegistration':
    case 'brokerHeartbeat':
      if (brokerIdOf(from) === message.brokerId) onBrokerContact(state, message.brokerId, message, ctx, outputs);
      return;
    case 'alterPartitionRequest':
      return onAlterPartition(state, from, message, ctx.parts, outputs);
    case 'metadataRequest': {
      const partitions = partitionIds(state).map((partition) => {
        const { leader, leaderEpoch } = state.partitions[partition]!;
        return { partition, leader, leaderEpoch };
      });
      outputs.push({ type: 'send', to: from, message: { type: 'metadataResponse', correlationId: message.correlationId, partitions } });
      return;
    }
    case 'findCoordinatorRequest': {
      // The coordinator is the leader of the group's __consumer_offsets partition (Kafka: any broker answers this).
      const partition = offsetsPartitionOf(ctx.config, message.groupId);
      const leader = partition === undefined ? -1 : (state.partitions[partition]?.leader ?? -1);
      const error = leader < 0 ? 'COORDINATOR_NOT_AVAILABLE' : 'NONE';
      outputs.push({ type: 'send', to: from, message: { type: 'findCoordinatorResponse', correlationId: message.correlationId, error, coordinator: leader } });
      return;
    }
    default:
      return; // nothing else is addressed to the controller
  }
}

function checkSessions(state: ControllerState, ctx: ControllerContext, outputs: Output[]): void {
  // Ends the first-election grace of mayElectFirstLeader even when no broker speaks up.
  electOfflinePartitions(state, ctx, outputs);
  for (const broker of Object.keys(state.brokers).map(Number)) {
    const registration = state.brokers[broker]!;
    if (registration.alive && ctx.nowMs - registration.lastHeartbeatMs > ctx.config.brokerSessionTimeoutMs) {
      fence(state, broker, ctx, outputs);
    }
  }
  outputs.push({ type: 'setTimer', name: SESSION_CHECK_TIMER, delayMs: ctx.config.brokerHeartbeatIntervalMs });
}

/** The controller built from its parts (controller-parts.ts); a controller variant of the bug zoo swaps one. */
export function createController(id: string, parts: ControllerParts): ControllerLogic<ControllerState> {
  return {
    id,
    init(ctx): Transition<ControllerState> {
      const state: ControllerState = { brokers: {}, partitions: {} };
      for (let partition = 0; partition < hostedPartitionCount(ctx.config); partition++) {
        const replicas = replicasOf(ctx.config, partition);
        state.partitions[partition] = { leader: -1, leaderEpoch: 0, partitionEpoch: 0, isr: [...replicas], replicas };
      }
      return { state, outputs: [{ type: 'setTimer', name: SESSION_CHECK_TIMER, delayMs: ctx.config.brokerHeartbeatIntervalMs }] };
    },
    handle(state, input: NodeInput, nodeContext): Transition<ControllerState> {
      const ctx: ControllerContext = { self: nodeContext.self, nowMs: nodeContext.nowMs, config: nodeContext.config, parts };
      const outputs: Output[] = [];
      switch (input.type) {
        case 'message':
          onMessage(state, input.from, input.message, ctx, outputs);
          break;
        case 'timer':
          if (input.name === SESSION_CHECK_TIMER) checkSessions(state, ctx, outputs);
          break;
        case 'command':
          break;
        default: {
          const never: never = input;
          throw new Error(`unknown input ${JSON.stringify(never)}`);
        }
      }
      return { state, outputs };
    },
  };
}

export const controllerLogic: ControllerLogic<ControllerState> = createController('reference', referenceControllerParts);
