/**
 * The producer's metadata cache (Kafka's `Metadata` + `ProducerMetadata`): which broker leads each partition, in
 * which epoch, refreshed from the controller with at most one request outstanding and a backoff between requests.
 * It leaves out topics, cluster ids and bootstrap servers: the controller answers for the one topic.
 */
import { CONTROLLER_NODE } from '../../kernel/ids.ts';
import type { MetadataResponse } from '../../protocol/messages.ts';
import type { ProducerEnv } from './producer-env.ts';
import type { MetadataState, ProducerState } from './producer-state.ts';
import { METADATA_BACKOFF_TIMER, METADATA_TIMEOUT_TIMER } from './producer-timers.ts';

export function initialMetadata(): MetadataState {
  return { leaders: {}, inFlightCorrelationId: -1, notBeforeMs: 0, wanted: false };
}

/** Sends the wanted metadata request if none is outstanding and the backoff is over; otherwise waits for the backoff timer. */
function maybeSendMetadataRequest(state: ProducerState, env: ProducerEnv): void {
  const metadata = state.metadata;
  if (!metadata.wanted || metadata.inFlightCorrelationId >= 0) return;
  if (env.nowMs < metadata.notBeforeMs) {
    env.outputs.push({ type: 'setTimer', name: METADATA_BACKOFF_TIMER, delayMs: metadata.notBeforeMs - env.nowMs });
    return;
  }
  const correlationId = state.nextCorrelationId++;
  metadata.inFlightCorrelationId = correlationId;
  metadata.wanted = false;
  env.outputs.push({ type: 'send', to: CONTROLLER_NODE, message: { type: 'metadataRequest', correlationId } });
  env.outputs.push({ type: 'setTimer', name: METADATA_TIMEOUT_TIMER, delayMs: env.config.requestTimeoutMs });
}

/** Asks for a metadata refresh (Kafka's `requestUpdate`); repeated asks while one is pending add nothing. An ask
 * while a request is outstanding is served by a new request after that one, whose answer may predate the ask. */
export function requestMetadata(state: ProducerState, env: ProducerEnv): void {
  if (state.metadata.wanted) return;
  state.metadata.wanted = true;
  maybeSendMetadataRequest(state, env);
}

/** The metadata request got no answer in time: it failed, and a new one follows after the refresh backoff. */
export function metadataTimedOut(state: ProducerState, env: ProducerEnv): void {
  const metadata = state.metadata;
  if (metadata.inFlightCorrelationId < 0) return;
  metadata.inFlightCorrelationId = -1;
  metadata.notBeforeMs = env.nowMs + env.config.metadataRefreshBackoffMs;
  metadata.wanted = true;
  maybeSendMetadataRequest(state, env);
}

export function metadataBackoffOver(state: ProducerState, env: ProducerEnv): void {
  maybeSendMetadataRequest(state, env);
}

/** Takes each partition's entry unless it is older (lower leader epoch) than the one known. Late answers to an
 * earlier request are used too; only the answer to the outstanding request ends it. */
export function onMetadataResponse(state: ProducerState, env: ProducerEnv, response: MetadataResponse): void {
  const metadata = state.metadata;
  for (const entry of response.partitions) {
    const known = metadata.leaders[entry.partition];
    if (known && entry.leaderEpoch < known.leaderEpoch) continue;
    metadata.leaders[entry.partition] = { leader: entry.leader, leaderEpoch: entry.leaderEpoch };
  }
  if (response.correlationId !== metadata.inFlightCorrelationId) return;
  metadata.inFlightCorrelationId = -1;
  metadata.notBeforeMs = env.nowMs + env.config.metadataRefreshBackoffMs;
  env.outputs.push({ type: 'cancelTimer', name: METADATA_TIMEOUT_TIMER });
  maybeSendMetadataRequest(state, env);
}

/** The leader of a partition as far as the producer knows, or -1. */
export function leaderOf(state: ProducerState, partition: number): number {
  return state.metadata.leaders[partition]?.leader ?? -1;
}
