/**
 * How a batch ends, as the application sees it: every record acknowledged with its offset, or failed with a
 * reason and whether the failure is definite. It leaves out callbacks and futures: an outcome is an observation.
 */
import type { SendFailed } from '../../kernel/observations.ts';
import type { ErrorCode } from '../../protocol/errors.ts';
import { observe, type ProducerEnv } from './producer-env.ts';
import type { Batch } from './producer-state.ts';

/**
 * Errors with which a broker rejects a batch before appending it: a failure after them alone is definite. Not
 * NOT_LEADER_OR_FOLLOWER: a leader that steps down answers the acks=all requests it had appended and was still
 * waiting on with it (Kafka's DelayedProduce does the same), so the batch may be in the log and may be committed
 * by the next leader; a send that fails after it is indefinite.
 */
const REJECTED_BEFORE_APPEND: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NOT_ENOUGH_REPLICAS',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
]);

/** Records that an attempt of `batch` failed with `error`; any error but a sure rejection leaves the append open. */
export function noteAttemptFailed(batch: Batch, error: ErrorCode): void {
  if (!REJECTED_BEFORE_APPEND.has(error)) batch.mayHaveBeenAppended = true;
}

/** Every record of the batch acknowledged; `baseOffset` -1 (acks=0, or a duplicate without offset) gives -1 to all. */
export function ackBatch(env: ProducerEnv, batch: Batch, baseOffset: number): void {
  batch.records.forEach((record, i) => {
    observe(env, {
      type: 'sendAcked',
      producer: env.self,
      sendId: record.sendId,
      value: record.value,
      partition: batch.partition,
      offset: baseOffset >= 0 ? baseOffset + i : -1,
    });
  });
}

/** Every record of the batch failed; definite only when no attempt may have been appended. */
export function failBatch(env: ProducerEnv, batch: Batch, error: SendFailed['error']): void {
  for (const record of batch.records) {
    observe(env, {
      type: 'sendFailed',
      producer: env.self,
      sendId: record.sendId,
      value: record.value,
      partition: batch.partition,
      error,
      definite: !batch.mayHaveBeenAppended,
    });
  }
}
