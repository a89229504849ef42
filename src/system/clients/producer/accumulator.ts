/**
 * Kafka's `RecordAccumulator`: per-partition queues of batches, the open batch that takes new records until it is
 * full or has lingered, retried batches put back in front in send order, and the delivery timeout of queued
 * batches. It leaves out buffer memory, byte sizes and compression: a batch holds up to `batchSize` records.
 */
import type { PartitionId } from '../../kernel/ids.ts';
import { onBatchCompleted } from '../partitioner/sticky-partitioner.ts';
import { failBatch } from './outcomes.ts';
import type { ProducerEnv } from './producer-env.ts';
import type { Batch, PartitionQueue, PendingRecord, ProducerState } from './producer-state.ts';
import { lingerTimer } from './producer-timers.ts';

export function queueOf(state: ProducerState, partition: PartitionId): PartitionQueue {
  let queue = state.queues[partition];
  if (!queue) {
    queue = { batches: [], nextSequence: 0 };
    state.queues[partition] = queue;
  }
  return queue;
}

function openBatchOf(queue: PartitionQueue): Batch | undefined {
  const last = queue.batches[queue.batches.length - 1];
  return last && !last.closed ? last : undefined;
}

function newBatch(state: ProducerState, env: ProducerEnv, partition: PartitionId): Batch {
  const batch: Batch = {
    id: state.nextBatchId++,
    partition,
    records: [],
    createdMs: env.nowMs,
    closed: false,
    baseSequence: -1,
    attempts: 0,
    retryNotBeforeMs: 0,
    mayHaveBeenAppended: false,
  };
  queueOf(state, partition).batches.push(batch);
  if (env.config.lingerMs > 0) env.outputs.push({ type: 'setTimer', name: lingerTimer(partition), delayMs: env.config.lingerMs });
  return batch;
}

/** Closes a batch: it takes no more records and becomes sendable. The sticky partitioner moves on from its partition. */
function closeBatch(state: ProducerState, env: ProducerEnv, batch: Batch): void {
  batch.closed = true;
  if (env.config.partitioner === 'default' && state.sticky.partition === batch.partition) {
    state.sticky = onBatchCompleted(state.sticky, env.partitionCount);
  }
}

/** Appends a record to its partition's open batch (opening one if needed); a full batch, or any with lingerMs 0, closes. */
export function appendRecord(state: ProducerState, env: ProducerEnv, partition: PartitionId, record: PendingRecord): void {
  const batch = openBatchOf(queueOf(state, partition)) ?? newBatch(state, env, partition);
  batch.records.push(record);
  const full = batch.records.length >= env.config.batchSize;
  if (env.config.lingerMs === 0) {
    closeBatch(state, env, batch);
  } else if (full) {
    closeBatch(state, env, batch);
    env.outputs.push({ type: 'cancelTimer', name: lingerTimer(partition) });
  }
}

/** The linger timer of a partition fired: its open batch, if any, becomes sendable. */
export function lingerExpired(state: ProducerState, env: ProducerEnv, partition: PartitionId): void {
  const queue = state.queues[partition];
  const batch = queue && openBatchOf(queue);
  if (batch) closeBatch(state, env, batch);
}

/** Puts a failed batch back into its queue for a retry after the backoff. Queued batches stay in send order (batch id,
 * which within a partition is also baseSequence order), so retried ones land in front of fresh ones. */
export function requeueForRetry(state: ProducerState, env: ProducerEnv, batch: Batch): void {
  batch.retryNotBeforeMs = env.nowMs + env.config.retryBackoffMs;
  const batches = queueOf(state, batch.partition).batches;
  const index = batches.findIndex((queued) => queued.id > batch.id);
  batches.splice(index < 0 ? batches.length : index, 0, batch);
}

function deadlineMs(env: ProducerEnv, batch: Batch): number {
  return batch.createdMs + env.config.deliveryTimeoutMs;
}

/**
 * Fails the queued batches whose delivery timeout has passed (Kafka's `expiredBatches`). A queue is in batch-id
 * order, which is creation order, so its deadlines never decrease from front to back: the expired batches are a
 * prefix, and the scan stops at the first batch still in time.
 */
export function expireBatches(state: ProducerState, env: ProducerEnv): void {
  for (let partition = 0; partition < env.partitionCount; partition++) {
    const queue = state.queues[partition];
    if (!queue) continue;
    let expired = 0;
    while (expired < queue.batches.length && deadlineMs(env, queue.batches[expired]!) <= env.nowMs) expired++;
    if (expired === 0) continue;
    for (const batch of queue.batches.splice(0, expired)) failBatch(env, batch, 'DELIVERY_TIMEOUT');
  }
}

/** The earliest delivery deadline among queued batches, or undefined when none is queued: the earliest front's. */
export function earliestDeadlineMs(state: ProducerState, env: ProducerEnv): number | undefined {
  let earliest: number | undefined;
  for (let partition = 0; partition < env.partitionCount; partition++) {
    const front = state.queues[partition]?.batches[0];
    if (!front) continue;
    const deadline = deadlineMs(env, front);
    if (earliest === undefined || deadline < earliest) earliest = deadline;
  }
  return earliest;
}
