/**
 * Variant: a restarting replica takes the high watermark from its checkpoint as it is, although the checkpoint
 * (fsync'd every few seconds) was written ahead of the log, which lives in the page cache until the OS writes it
 * back. After a power loss the log comes back shorter than the checkpointed high watermark, and the replica
 * vouches for committed records it no longer holds: it would serve them as committed if elected, and it counts
 * offsets it lacks as agreed with the other replicas.
 * Real world: Kafka bounds the recovered high watermark by the log end offset (UnifiedLog.updateHighWatermark:
 * "the high watermark may not exceed the log end offset"), since the replication-offset-checkpoint is not
 * written in step with log flushes.
 * Expected to be caught by: protocol-invariants (log-matching).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const highWatermarkRestoredPastLogEndParts: BrokerParts = {
  ...referenceParts,
  recoveredHighWatermark: (checkpointed) => checkpointed,
};

export const highWatermarkRestoredPastLogEndBroker = createBroker('variant/high-watermark-restored-past-log-end', highWatermarkRestoredPastLogEndParts);
