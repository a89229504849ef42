/**
 * Variant: log recovery keeps every record the disk gave back, without checking it against the fsync'd
 * leader-epoch checkpoint. The log reaches the platters only at the OS writeback (every 30 s); the checkpoints
 * are fsync'd. A follower whose log was written back with a record it later truncated (a leader change) and
 * replaced by the new leader's record, and whose high-watermark checkpoint then covered the replacement, comes back
 * from a power loss with the old record under its high watermark: the replicas disagree on a committed offset,
 * and epoch-based truncation never repairs it, since the epoch cache says the log already holds the new epoch there.
 * Real world: KIP-101's second scenario ("replica divergence on restart after multiple hard failures",
 * KAFKA-3919); Kafka's log recovery (LogLoader, LogSegment.recover) re-validates the unflushed tail and makes the
 * epoch cache and the log agree.
 * Expected to be caught by: protocol-invariants (log-matching).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const recoveryIgnoresEpochCheckpointParts: BrokerParts = {
  ...referenceParts,
  recoveredLogEnd: (log) => log.length,
};

export const recoveryIgnoresEpochCheckpointBroker = createBroker('variant/recovery-ignores-epoch-checkpoint', recoveryIgnoresEpochCheckpointParts);
