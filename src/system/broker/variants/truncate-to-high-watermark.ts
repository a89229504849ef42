/**
 * Variant: a follower truncates to its high watermark when it starts following (Kafka before KIP-101).
 * A follower's high watermark lags the leader's, so a follower that restarts, truncates to it and is then
 * elected can lose a record the old leader had already acknowledged with acks=all (KIP-101 scenario 1).
 * Expected to be caught by: no acknowledged loss (lost-write) with acks=all, RF=2, minISR=1.
 */
import { logEndOffset } from '../broker-state.ts';
import { createBroker } from '../create-broker.ts';
import type { TruncationPart } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const truncateToHighWatermark: TruncationPart = {
  onBecomeFollower: (replica) => ({ kind: 'truncateTo', offset: Math.min(replica.highWatermark, logEndOffset(replica)) }),
  truncationOffset: (replica) => replica.highWatermark,
};

export const unsafeTruncateToHighWatermarkBroker = createBroker('variant/truncate-to-high-watermark', {
  ...referenceParts,
  truncation: truncateToHighWatermark,
});
