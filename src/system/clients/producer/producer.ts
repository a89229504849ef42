/**
 * The Kafka producer client as a pure state machine: `send` commands go through the partitioner into the
 * accumulator, the sender drains ready batches to partition leaders after every input, and responses, timeouts and
 * metadata drive acknowledgements, retries and failures. It leaves out transactions, producer epochs, byte-based
 * sizing, compression and `flush`/`close`.
 */
import { assert, assertNever } from '../../kernel/assert.ts';
import { clientIndexOf, type NodeId } from '../../kernel/ids.ts';
import type { ClientCommand, InitContext, NodeLogic, Transition } from '../../kernel/node-logic.ts';
import { isGroupMessage } from '../../protocol/group-messages.ts';
import type { Message } from '../../protocol/messages.ts';
import { NO_PRODUCER_ID } from '../../protocol/records.ts';
import { initialRoundRobinState } from '../partitioner/round-robin-partitioner.ts';
import { initialStickyState } from '../partitioner/sticky-partitioner.ts';
import { appendRecord, lingerExpired } from './accumulator.ts';
import { initialMetadata, metadataBackoffOver, metadataTimedOut, onMetadataResponse, requestMetadata } from './metadata.ts';
import { choosePartition } from './partition-choice.ts';
import { envOf, observe, type ProducerEnv } from './producer-env.ts';
import type { ProducerState } from './producer-state.ts';
import { forgetDerivedTimer, parseTimer } from './producer-timers.ts';
import { onProduceResponse, onRequestTimeout } from './responses.ts';
import { drain } from './sender.ts';

/**
 * The producer id of an idempotent producer. Kafka obtains one from the cluster with InitProducerId; kcheck assigns
 * it deterministically, and a fresh one per incarnation, so a restarted producer is a new producer whose sequences
 * start again at 0. Ids stay distinct while a producer restarts fewer than 100 times.
 */
export function producerIdOf(index: number, incarnation: number): number {
  return 1000 + index * 100 + incarnation;
}

function initialState(ctx: InitContext, env: ProducerEnv): ProducerState {
  return {
    incarnation: ctx.incarnation,
    producerId: env.config.enableIdempotence ? producerIdOf(clientIndexOf(ctx.self), ctx.incarnation) : NO_PRODUCER_ID,
    nextSendNumber: 0,
    nextCorrelationId: 0,
    nextBatchId: 0,
    queues: {},
    inFlight: {},
    metadata: initialMetadata(),
    sticky: initialStickyState(),
    roundRobin: initialRoundRobinState(),
    derivedTimerDueMs: {},
  };
}

/** `KafkaProducer.send`: pick the partition, report the invocation, append to the accumulator. */
function onSend(state: ProducerState, env: ProducerEnv, key: string | null, value: string): void {
  const partition = choosePartition(state, env, key);
  const sendId = `${env.self}.${state.incarnation}:${state.nextSendNumber++}`;
  observe(env, { type: 'sendInvoked', producer: env.self, sendId, key, value, partition });
  appendRecord(state, env, partition, { sendId, key, value });
}

/** Applies one command; false when the producer has nothing to do with it. */
function onCommand(state: ProducerState, env: ProducerEnv, command: ClientCommand): boolean {
  switch (command.type) {
    case 'send':
      onSend(state, env, command.key, command.value);
      return true;
    case 'poll':
    case 'commit':
    case 'leave':
    case 'subscribe':
      return false;
    default:
      return assertNever(command, 'client command');
  }
}

/** Applies one message; false when it is not for a producer or answers nothing the producer waits for. */
function onMessage(state: ProducerState, env: ProducerEnv, from: NodeId, message: Message): boolean {
  switch (message.type) {
    case 'metadataResponse':
      onMetadataResponse(state, env, message);
      return true;
    case 'produceResponse':
      return onProduceResponse(state, env, from, message);
    case 'produceRequest':
    case 'fetchRequest':
    case 'fetchResponse':
    case 'offsetsForLeaderEpochRequest':
    case 'offsetsForLeaderEpochResponse':
    case 'brokerRegistration':
    case 'brokerHeartbeat':
    case 'leaderAndIsr':
    case 'alterPartitionRequest':
    case 'alterPartitionResponse':
    case 'metadataRequest':
      return false;
    default:
      if (isGroupMessage(message)) return false;
      return assertNever(message, 'message');
  }
}

function onTimer(state: ProducerState, env: ProducerEnv, name: string): void {
  const timer = parseTimer(name);
  assert(timer, `${env.self} got a timer it never sets: ${name}`);
  switch (timer.kind) {
    case 'linger':
      lingerExpired(state, env, timer.partition);
      return;
    case 'retry':
    case 'expiry':
      // The drain that follows every input does the work; the kernel no longer holds this timer.
      forgetDerivedTimer(state, name);
      return;
    case 'request':
      onRequestTimeout(state, env, timer.correlationId);
      return;
    case 'metadataTimeout':
      metadataTimedOut(state, env);
      return;
    case 'metadataBackoff':
      metadataBackoffOver(state, env);
      return;
    default:
      assertNever(timer, 'producer timer');
  }
}

export const producerLogic: NodeLogic<ProducerState> = {
  init(ctx: InitContext): Transition<ProducerState> {
    const env = envOf(ctx);
    const state = initialState(ctx, env);
    requestMetadata(state, env);
    return { state, outputs: env.outputs };
  },

  handle(state, input, ctx): Transition<ProducerState> {
    const env = envOf(ctx);
    let handled: boolean;
    switch (input.type) {
      case 'command':
        handled = onCommand(state, env, input.command);
        break;
      case 'message':
        handled = onMessage(state, env, input.from, input.message);
        break;
      case 'timer':
        onTimer(state, env, input.name);
        handled = true;
        break;
      default:
        return assertNever(input, 'node input');
    }
    if (!handled) return { state, outputs: [] };
    drain(state, env);
    return { state, outputs: env.outputs };
  },
};
