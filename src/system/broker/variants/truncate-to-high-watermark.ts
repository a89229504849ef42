/**
 * Variant: a follower truncates to its high watermark when it starts following (Kafka before KIP-101).
 * A follower's high watermark lags the leader's, so a follower that restarts, truncates to it and is then
 * elected drops records the ISR had committed (KIP-101 scenario 1); and a follower whose high watermark is
 * ahead of the point where its log diverged from the new leader's keeps records the leader never had (scenario 2).
 * Real world: KIP-101 ("Alter replication protocol to use leader epoch rather than high watermark for
 * truncation"), KAFKA-1211; Kafka 0.11 replaced this truncation with the leader-epoch handshake.
 * Expected to be caught by: protocol-invariants (log-matching, strong-isr).
 */
import { logEndOffset } from '../broker-state.ts';
import { createBroker } from '../create-broker.ts';
import type { BrokerParts, TruncationPart } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const truncateToHighWatermark: TruncationPart = {
  onBecomeFollower: (replica) => ({ kind: 'truncateTo', offset: Math.min(replica.highWatermark, logEndOffset(replica)) }),
  truncationOffset: (replica) => replica.highWatermark,
};

export const unsafeTruncateToHighWatermarkParts: BrokerParts = {
  ...referenceParts,
  truncation: truncateToHighWatermark,
};

export const unsafeTruncateToHighWatermarkBroker = createBroker('variant/truncate-to-high-watermark', unsafeTruncateToHighWatermarkParts);
