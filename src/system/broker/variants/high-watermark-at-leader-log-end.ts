/**
 * Variant: the leader advances its high watermark to its own log end, as if it were the only replica: a record is
 * committed (visible to consumers, acked for acks=all) while only the leader has it.
 * Kafka's high watermark is the smallest log end offset over the ISR; with it, a committed record survives any
 * clean election. Here the first leader failure after an append elects a follower that never had the record.
 * Real world: the rule every replicated log rests on (Kafka's Partition.maybeIncrementLeaderHW; the TLA+
 * specification's StrongIsr invariant, hachikuji/kafka-specification).
 * Expected to be caught by: protocol-invariants (strong-isr: ISR members lack records below the high watermark).
 */
import { logEndOffset } from '../broker-state.ts';
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const highWatermarkAtLeaderLogEndParts: BrokerParts = {
  ...referenceParts,
  leaderHighWatermark: (replica) => logEndOffset(replica),
};

export const highWatermarkAtLeaderLogEndBroker = createBroker('variant/high-watermark-at-leader-log-end', highWatermarkAtLeaderLogEndParts);
