/**
 * Kafka's `Sender` loop, run after every input: expire overdue batches, then send each partition's sendable batches
 * to its leader while the connection has room for another in-flight request, assigning idempotent sequences on the
 * first send. It leaves out request batching across partitions (one produce request carries one batch) and
 * connection setup.
 */
import { assert } from '../../kernel/assert.ts';
import { brokerNode, type BrokerId, type PartitionId } from '../../kernel/ids.ts';
import { earliestDeadlineMs, expireBatches, queueOf } from './accumulator.ts';
import { addInFlight, hasInFlightForPartition, inFlightToBroker } from './in-flight.ts';
import { leaderOf, requestMetadata } from './metadata.ts';
import { ackBatch } from './outcomes.ts';
import type { ProducerEnv } from './producer-env.ts';
import type { Batch, ProducerState } from './producer-state.ts';
import { EXPIRY_TIMER, requestTimer, retryTimer, syncDerivedTimer } from './producer-timers.ts';

function sendBatch(state: ProducerState, env: ProducerEnv, batch: Batch, leader: BrokerId): void {
  const config = env.config;
  if (config.enableIdempotence && batch.baseSequence < 0) {
    const queue = queueOf(state, batch.partition);
    batch.baseSequence = queue.nextSequence;
    queue.nextSequence += batch.records.length;
  }
  batch.attempts += 1;
  const correlationId = state.nextCorrelationId++;
  env.outputs.push({
    type: 'send',
    to: brokerNode(leader),
    message: {
      type: 'produceRequest',
      correlationId,
      partition: batch.partition,
      acks: config.acks,
      timeoutMs: config.requestTimeoutMs,
      producerId: state.producerId,
      baseSequence: batch.baseSequence,
      records: batch.records.map((record) => ({ key: record.key, value: record.value })),
    },
  });
  // acks=0: Kafka completes the batch as soon as it is written to the socket, with offset -1.
  if (config.acks === 0) {
    ackBatch(env, batch, -1);
    return;
  }
  addInFlight(state, { correlationId, broker: leader, batch, sentMs: env.nowMs });
  assert(
    inFlightToBroker(state, leader) <= config.maxInFlightRequestsPerConnection,
    `${env.self} has more than ${config.maxInFlightRequestsPerConnection} requests in flight to ${brokerNode(leader)}`,
  );
  env.outputs.push({ type: 'setTimer', name: requestTimer(correlationId), delayMs: config.requestTimeoutMs });
}

type DrainResult = 'drained' | 'leaderUnknown';

/** Sends the partition's batches from the front while they may go; stops at the first that may not, to keep order. */
function drainPartition(state: ProducerState, env: ProducerEnv, partition: PartitionId): DrainResult {
  const queue = queueOf(state, partition);
  for (;;) {
    const batch = queue.batches[0];
    if (!batch || !batch.closed || batch.retryNotBeforeMs > env.nowMs) return 'drained';
    // Idempotence: a retry goes out only when nothing of its partition is in flight, so the broker sees the
    // sequences in order (Kafka's `shouldStopDrainBatchesForPartition`).
    if (env.config.enableIdempotence && batch.attempts > 0 && hasInFlightForPartition(state, partition)) return 'drained';
    // One request in flight: the partition stays muted while a batch of it is in flight, whichever broker it went
    // to (Kafka's `guaranteeMessageOrder`), so a leader change cannot let a later batch overtake a retry.
    if (env.config.maxInFlightRequestsPerConnection === 1 && hasInFlightForPartition(state, partition)) return 'drained';
    const leader = leaderOf(state, partition);
    if (leader < 0) return 'leaderUnknown';
    if (inFlightToBroker(state, leader) >= env.config.maxInFlightRequestsPerConnection) return 'drained';
    queue.batches.shift();
    sendBatch(state, env, batch, leader);
  }
}

/** Re-derives the `expiry` timer and each partition's `retry:<p>` timer from the queues. */
function syncTimers(state: ProducerState, env: ProducerEnv): void {
  syncDerivedTimer(state, env, EXPIRY_TIMER, earliestDeadlineMs(state, env));
  for (let partition = 0; partition < env.partitionCount; partition++) {
    const front = state.queues[partition]?.batches[0];
    const waiting = front && front.retryNotBeforeMs > env.nowMs ? front.retryNotBeforeMs : undefined;
    syncDerivedTimer(state, env, retryTimer(partition), waiting);
  }
}

/** One pass of the sender: expire, send what may go in ascending partition order, ask for metadata where a leader is
 * unknown, and set the timers that wake the producer for what is left. */
export function drain(state: ProducerState, env: ProducerEnv): void {
  expireBatches(state, env);
  let leaderUnknown = false;
  for (let partition = 0; partition < env.partitionCount; partition++) {
    if (!state.queues[partition]) continue;
    if (drainPartition(state, env, partition) === 'leaderUnknown') leaderUnknown = true;
  }
  if (leaderUnknown) requestMetadata(state, env);
  syncTimers(state, env);
}
