/**
 * Composes a broker from parts into the `BrokerLogic` slot. The message and timer plumbing is shared by every
 * variant; what differs between the reference and a variant is only the parts passed in.
 */
import type { BrokerLogic, BrokerView } from '../kernel/broker-logic.ts';
import { withPromises } from '../kernel/broker-promises.ts';
import { brokerIdOf, CONTROLLER_NODE } from '../kernel/ids.ts';
import type { InitContext, NodeContext, NodeInput, Output, Transition } from '../kernel/node-logic.ts';
import type { Message } from '../protocol/messages.ts';
import { timerNames, type BrokerContext } from './broker-context.ts';
import type { BrokerState } from './broker-state.ts';
import { HIGH_WATERMARK_CHECKPOINT_FILE } from './disk-files.ts';
import { onEpochEndResponse, onFetchResponse, onFetchTimer } from './follower.ts';
import { checkIsr, expireProduce, handleProduce, serveEpochEnd, serveFetch } from './leader.ts';
import { onAlterPartitionResponse, onLeaderAndIsr } from './leadership.ts';
import type { BrokerParts } from './parts.ts';
import { hostedPartitions, recoverReplica } from './recovery.ts';
import { assert } from '../kernel/assert.ts';
import { referenceCoordinatorParts, type CoordinatorParts } from '../coordinator/coordinator-parts.ts';
import { handleGroupRequest, isCoordinatorTimer, onCoordinatorTimer, syncCoordinator } from '../coordinator/coordinator.ts';
import { isGroupMessage, isGroupRequest } from '../protocol/group-messages.ts';

/** The heartbeat reports the partition epoch applied per hosted partition, so the controller can resend what was lost. */
function heartbeat(b: BrokerContext): void {
  const partitionEpochs = Object.values(b.state.partitions).map(({ partition, partitionEpoch }) => ({ partition, partitionEpoch }));
  b.outputs.push({ type: 'send', to: CONTROLLER_NODE, message: { type: 'brokerHeartbeat', brokerId: b.state.brokerId, incarnation: b.state.incarnation, partitionEpochs } });
  b.outputs.push({ type: 'setTimer', name: timerNames.heartbeat, delayMs: b.ctx.config.brokerHeartbeatIntervalMs });
}

function checkpointHighWatermarks(b: BrokerContext): void {
  const entries = Object.values(b.state.partitions).map((replica) => ({ partition: replica.partition, highWatermark: b.parts.checkpointedHighWatermark(replica) }));
  b.outputs.push({ type: 'disk', op: { op: 'write', file: HIGH_WATERMARK_CHECKPOINT_FILE, entries, fsync: true } });
  b.outputs.push({ type: 'setTimer', name: timerNames.highWatermarkCheckpoint, delayMs: b.ctx.config.highWatermarkCheckpointIntervalMs });
}

function onMessage(b: BrokerContext, coordinatorParts: CoordinatorParts, from: string, message: Message): void {
  switch (message.type) {
    case 'produceRequest':
      return handleProduce(b, from, message);
    case 'fetchRequest':
      return serveFetch(b, from, message);
    case 'offsetsForLeaderEpochRequest':
      return serveEpochEnd(b, from, message);
    case 'fetchResponse':
      return onFetchResponse(b, message);
    case 'offsetsForLeaderEpochResponse':
      return onEpochEndResponse(b, message);
    case 'leaderAndIsr':
      if (from === CONTROLLER_NODE) onLeaderAndIsr(b, message);
      return;
    case 'alterPartitionResponse':
      if (from === CONTROLLER_NODE) onAlterPartitionResponse(b, message);
      return;
    case 'produceResponse':
    case 'brokerRegistration':
    case 'brokerHeartbeat':
    case 'alterPartitionRequest':
    case 'metadataRequest':
    case 'metadataResponse':
      return; // not addressed to a broker in this simulation
    default: {
      if (isGroupRequest(message)) return handleGroupRequest(b, coordinatorParts, from, message);
      if (isGroupMessage(message)) return; // FindCoordinator and the responses go to the controller and clients
      const never: never = message;
      assert(false, `unknown message ${JSON.stringify(never)}`);
    }
  }
}

function onTimer(b: BrokerContext, coordinatorParts: CoordinatorParts, name: string): void {
  if (isCoordinatorTimer(name)) return onCoordinatorTimer(b, coordinatorParts, name);
  if (name === timerNames.heartbeat) return heartbeat(b);
  if (name === timerNames.highWatermarkCheckpoint) return checkpointHighWatermarks(b);
  if (name === timerNames.isrCheck) {
    for (const replica of Object.values(b.state.partitions)) checkIsr(b, replica);
    b.outputs.push({ type: 'setTimer', name: timerNames.isrCheck, delayMs: Math.max(1, Math.floor(b.ctx.config.replicaLagTimeMaxMs / 2)) });
    return;
  }
  // `fetch:<partition>`, `produce:<client>:<correlationId>` (timerNames); cut by hand, as these fire all the time.
  const kindEnd = name.indexOf(':');
  const kind = kindEnd < 0 ? name : name.slice(0, kindEnd);
  if (kind === 'fetch') {
    const replica = b.state.partitions[Number(name.slice(kindEnd + 1))];
    if (replica) onFetchTimer(b, replica);
    return;
  }
  if (kind === 'produce') {
    const idStart = name.lastIndexOf(':');
    return expireProduce(b, name.slice(kindEnd + 1, idStart), Number(name.slice(idStart + 1)));
  }
  assert(false, `unknown broker timer ${name}`);
}

function init(parts: BrokerParts, ctx: InitContext): Transition<BrokerState> {
  const brokerId = brokerIdOf(ctx.self);
  assert(brokerId !== undefined, `${ctx.self} is not a broker`);
  const state: BrokerState = { brokerId, incarnation: ctx.incarnation, nextCorrelationId: 0, partitions: {} };
  const outputs: Output[] = [];
  for (const partition of hostedPartitions(ctx.config, brokerId)) state.partitions[partition] = recoverReplica(ctx.config, parts, ctx.disk, partition, outputs);
  outputs.push(
    { type: 'send', to: CONTROLLER_NODE, message: { type: 'brokerRegistration', brokerId, incarnation: ctx.incarnation } },
    { type: 'setTimer', name: timerNames.heartbeat, delayMs: ctx.config.brokerHeartbeatIntervalMs },
    { type: 'setTimer', name: timerNames.highWatermarkCheckpoint, delayMs: ctx.config.highWatermarkCheckpointIntervalMs },
    { type: 'setTimer', name: timerNames.isrCheck, delayMs: Math.max(1, Math.floor(ctx.config.replicaLagTimeMaxMs / 2)) },
  );
  return { state, outputs };
}

export function inspectBroker(state: BrokerState): BrokerView {
  return {
    brokerId: state.brokerId,
    replicas: Object.values(state.partitions).map((r) => ({
      partition: r.partition,
      role: r.role,
      leader: r.leader,
      leaderEpoch: r.leaderEpoch,
      highWatermark: r.highWatermark,
      log: r.log,
      isr: r.isr,
    })),
  };
}

/**
 * A composed broker makes every promise of broker-promises.ts: recovery copies the few checkpoint entries it keeps
 * and changes nothing else it reads; it changes no object of a message it received or sent, and the controller and
 * clients change none of its messages; a replica's log is one list per process, changed only by `appendRecords`
 * (records built by the leader or copied for a fetch response, never seen in this log before) and `truncateTo`; no
 * record is ever changed.
 */
export function createBroker(id: string, parts: BrokerParts, coordinatorParts: CoordinatorParts = referenceCoordinatorParts): BrokerLogic<BrokerState> {
  return withPromises({
    id,
    init: (ctx) => init(parts, ctx),
    handle(state: BrokerState, input: NodeInput, ctx: NodeContext): Transition<BrokerState> {
      const b: BrokerContext = { state, parts, ctx, outputs: [] };
      switch (input.type) {
        case 'message':
          onMessage(b, coordinatorParts, input.from, input.message);
          break;
        case 'timer':
          onTimer(b, coordinatorParts, input.name);
          break;
        case 'command':
          break; // brokers take no schedule commands
        default: {
          const never: never = input;
          assert(false, `unknown input ${JSON.stringify(never)}`);
        }
      }
      // Only a cluster with groups has coordinators: without, the broker's state and outputs are as they always were.
      if (ctx.config.groups) syncCoordinator(b, coordinatorParts);
      return { state, outputs: b.outputs };
    },
    inspect: inspectBroker,
  }, { readsDiskInPlace: true, stableViews: true });
}
