/**
 * Variant: the idempotent producer's sequence check accepts a batch out of sequence: anything that is not a
 * duplicate it remembers is appended, where the reference answers OUT_OF_ORDER_SEQUENCE_NUMBER unless the batch
 * continues the producer's last sequence.
 * With several requests in flight, a lost request leaves a gap: the batch sent behind it is appended first, and
 * the lost one, retried, is appended after it. Idempotence keeps the producer's order only because the broker
 * refuses the gap.
 * Real world: KIP-98 (OutOfOrderSequenceException): the broker accepts only the next sequence, which is what lets
 * an idempotent producer keep up to 5 requests in flight without reordering.
 * Expected to be caught by: idempotent-order (nonmonotonic-send, send-order).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';
import { checkSequence, type SequenceVerdict } from '../sequences.ts';

export const gapAccepted: typeof checkSequence = (producers, producerId, baseSequence, recordCount): SequenceVerdict => {
  const verdict = checkSequence(producers, producerId, baseSequence, recordCount);
  return verdict.kind === 'outOfOrder' ? { kind: 'append' } : verdict;
};

export const sequenceGapAcceptedParts: BrokerParts = {
  ...referenceParts,
  checkSequence: gapAccepted,
};

export const sequenceGapAcceptedBroker = createBroker('variant/sequence-gap-accepted', sequenceGapAcceptedParts);
