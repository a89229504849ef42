/**
 * Kafka's `Sender.canRetry`: a failed attempt is retried when its error is retriable, retries remain and the retry
 * would still fit in the delivery timeout; otherwise the batch fails with the reason the application sees. It
 * leaves out the transaction manager's fatal and abortable errors.
 */
import type { SendFailed } from '../../kernel/observations.ts';
import { RETRIABLE_PRODUCE_ERRORS, type ErrorCode } from '../../protocol/errors.ts';
import type { ProducerEnv } from './producer-env.ts';
import type { Batch } from './producer-state.ts';

export type RetryDecision = { kind: 'retry' } | { kind: 'fail'; error: SendFailed['error'] };

/** What to do with a batch whose latest attempt (already counted in `attempts`) failed with `error`. */
export function decideRetry(env: ProducerEnv, batch: Batch, error: ErrorCode): RetryDecision {
  if (!RETRIABLE_PRODUCE_ERRORS.has(error)) return { kind: 'fail', error };
  const retriesSoFar = batch.attempts - 1;
  // Out of retries, the application sees the last error, as Kafka's callback does.
  if (retriesSoFar >= env.config.retries) return { kind: 'fail', error };
  if (env.nowMs + env.config.retryBackoffMs - batch.createdMs >= env.config.deliveryTimeoutMs) {
    return { kind: 'fail', error: 'DELIVERY_TIMEOUT' };
  }
  return { kind: 'retry' };
}
