/**
 * The end of an in-flight produce request (Kafka's `Sender.handleProduceResponse` and `completeBatch`): a response
 * acknowledges or fails the batch, a request timeout fails the attempt with REQUEST_TIMED_OUT, and a failed attempt
 * is retried or ends the batch. It leaves out disconnects other than timeouts and the idempotent producer's epoch bump.
 */
import { assertNever } from '../../kernel/assert.ts';
import { brokerNode, type NodeId } from '../../kernel/ids.ts';
import { STALE_METADATA_ERRORS, type ErrorCode } from '../../protocol/errors.ts';
import type { ProduceResponse } from '../../protocol/messages.ts';
import { requeueForRetry } from './accumulator.ts';
import { takeInFlight } from './in-flight.ts';
import { requestMetadata } from './metadata.ts';
import { ackBatch, failBatch, noteAttemptFailed } from './outcomes.ts';
import type { ProducerEnv } from './producer-env.ts';
import type { Batch, ProducerState } from './producer-state.ts';
import { requestTimer } from './producer-timers.ts';
import { decideRetry } from './retry.ts';

function attemptFailed(state: ProducerState, env: ProducerEnv, batch: Batch, error: ErrorCode): void {
  noteAttemptFailed(batch, error);
  if (STALE_METADATA_ERRORS.has(error)) requestMetadata(state, env);
  const decision = decideRetry(env, batch, error);
  switch (decision.kind) {
    case 'retry':
      requeueForRetry(state, env, batch);
      return;
    case 'fail':
      failBatch(env, batch, decision.error);
      return;
    default:
      assertNever(decision, 'retry decision');
  }
}

/** Completes the request the response answers. Returns false (and changes nothing) for a response the producer is not
 * waiting for: a late one after its request timed out. */
export function onProduceResponse(state: ProducerState, env: ProducerEnv, from: NodeId, response: ProduceResponse): boolean {
  const awaited = state.inFlight[response.correlationId];
  if (!awaited || from !== brokerNode(awaited.broker) || response.partition !== awaited.batch.partition) return false;
  const request = takeInFlight(state, response.correlationId)!;
  env.outputs.push({ type: 'cancelTimer', name: requestTimer(response.correlationId) });
  // A duplicate is a batch the broker already has: Kafka completes it with the offset the broker returns.
  if (response.error === 'NONE' || response.error === 'DUPLICATE_SEQUENCE_NUMBER') {
    ackBatch(env, request.batch, response.baseOffset);
  } else {
    attemptFailed(state, env, request.batch, response.error);
  }
  return true;
}

/** The request got no response in time: the attempt failed with an unknown outcome, and the leader may have moved,
 * so metadata is refreshed as Kafka does after a disconnect. Returns false when the request already completed. */
export function onRequestTimeout(state: ProducerState, env: ProducerEnv, correlationId: number): boolean {
  const request = takeInFlight(state, correlationId);
  if (!request) return false;
  attemptFailed(state, env, request.batch, 'REQUEST_TIMED_OUT');
  requestMetadata(state, env);
  return true;
}
