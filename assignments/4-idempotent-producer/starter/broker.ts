/**
 * Assignment 4 starter: the idempotent producer, duplicate and out-of-order detection on the broker (README.md
 * one folder up).
 *
 * This is kcheck's reference broker with ONE part replaced by a stub: `checkSequence`, the leader's verdict on an
 * idempotent producer's batch before it appends it. The rest (recording each producer's sequences as records are
 * appended, rebuilding them from the log after a restart or a truncation, answering a duplicate with
 * DUPLICATE_SEQUENCE_NUMBER and its first offset, refusing an out-of-order batch with OUT_OF_ORDER_SEQUENCE_NUMBER)
 * is the reference's. Grade it with:
 *
 *   npx kcheck grade broker.ts --assignment 4
 *
 * Do not call `referenceParts.checkSequence`: writing it is the assignment.
 */
import { createBroker, referenceParts, type BrokerParts } from 'kcheck';

/** No producer id: the producer is not idempotent, its batches are appended as they come. */
const NO_PRODUCER_ID = -1;

/**
 * The verdict on a batch of `recordCount` records whose first sequence is `baseSequence`, from producer
 * `producerId`: `{ kind: 'append' }`, `{ kind: 'duplicate', baseOffset }` (already appended: answer with the offset
 * it got then), or `{ kind: 'outOfOrder' }`. `producers[producerId]` is what this replica knows of the producer:
 * `lastSequence` (the last sequence appended) and `runs`, its latest runs of consecutive sequences appended at
 * consecutive offsets (`{ firstSequence, lastSequence, baseOffset }`, newest last, at most 5); undefined before
 * its first batch.
 */
const checkSequence: BrokerParts['checkSequence'] = (producers, producerId, baseSequence, recordCount) => {
  if (producerId === NO_PRODUCER_ID) return { kind: 'append' };
  // TODO(assignment 4): append only the batch that continues the producer's sequence; recognise a retried batch
  // among the remembered runs (a duplicate, with its original offset); anything else is out of order.
  // STUB: every batch is appended, retries and gaps alike. kcheck finds what that breaks.
  void producers;
  void baseSequence;
  void recordCount;
  return { kind: 'append' };
};

export default createBroker('student/assignment-4', { ...referenceParts, checkSequence });
