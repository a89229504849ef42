/**
 * Variant: the idempotent producer's sequence check does not recognise a retried batch: a batch whose sequences
 * the producer already appended is appended again instead of being answered with its first offset.
 * The producer retries whenever an answer is lost or times out; with this broker every such retry is a duplicate
 * in the log, exactly what enable.idempotence promises to prevent.
 * Real world: KIP-98 (exactly-once delivery and idempotent producer): the broker keeps the last sequences of each
 * producer id and answers a duplicate with DUPLICATE_SEQUENCE_NUMBER and its original offset.
 * Expected to be caught by: idempotent-no-duplicates (duplicate).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';
import { checkSequence, type SequenceVerdict } from '../sequences.ts';

export const duplicateNotDetected: typeof checkSequence = (producers, producerId, baseSequence, recordCount): SequenceVerdict => {
  const verdict = checkSequence(producers, producerId, baseSequence, recordCount);
  return verdict.kind === 'duplicate' ? { kind: 'append' } : verdict;
};

export const idempotentDuplicateAppendedParts: BrokerParts = {
  ...referenceParts,
  checkSequence: duplicateNotDetected,
};

export const idempotentDuplicateAppendedBroker = createBroker('variant/idempotent-duplicate-appended', idempotentDuplicateAppendedParts);
