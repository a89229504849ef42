/**
 * Variant: the idempotent producer's sequence check accepts a batch whose first sequence skips ahead of the last
 * one appended (a gap), where the reference answers OUT_OF_ORDER_SEQUENCE_NUMBER.
 * With several requests in flight, a lost request leaves a gap; the next batch lands before the one that was lost,
 * and the retry of that one either lands after it or is refused: the order the producer sent in is lost.
 * Real world: KIP-98 (OutOfOrderSequenceException): the broker accepts only the next sequence, which is what lets
 * an idempotent producer keep up to 5 requests in flight without reordering.
 * Expected to be caught by: idempotent-order (nonmonotonic-send, send-order).
 */
import { createBroker } from '../create-broker.ts';
import { referenceParts } from '../reference-parts.ts';
import { checkSequence, type SequenceVerdict } from '../sequences.ts';

export const gapAccepted: typeof checkSequence = (producers, producerId, baseSequence, recordCount): SequenceVerdict => {
  const verdict = checkSequence(producers, producerId, baseSequence, recordCount);
  const lastSequence = producers[producerId]?.lastSequence ?? -1;
  return verdict.kind === 'outOfOrder' && baseSequence > lastSequence + 1 ? { kind: 'append' } : verdict;
};

export const sequenceGapAcceptedBroker = createBroker('zoo/sequence-gap-accepted', {
  ...referenceParts,
  checkSequence: gapAccepted,
});
