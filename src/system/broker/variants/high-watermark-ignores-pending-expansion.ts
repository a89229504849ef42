/**
 * Variant: while an ISR expansion waits for the controller's answer, the leader advances its high watermark over
 * the ISR it had, not the maximal ISR (that ISR plus the follower it asked to add). The controller may accept the
 * expansion at any moment: from then on it counts the new member, which may lack the records the leader committed
 * without it in the meantime. The controller may elect that member.
 * Real world: KIP-497 (AlterIsr): "the leader uses the maximal ISR (the current ISR and any replicas it is adding)
 * to advance the high watermark" until the change is committed; KIP-841 keeps the rule.
 * Expected to be caught by: protocol-invariants (strong-isr).
 */
import { logEndOffset } from '../broker-state.ts';
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const highWatermarkIgnoresPendingExpansionParts: BrokerParts = {
  ...referenceParts,
  leaderHighWatermark(replica) {
    let min = logEndOffset(replica);
    for (const broker of replica.isr) if (broker !== replica.leader) min = Math.min(min, replica.followers[broker]?.logEndOffset ?? -1);
    return min;
  },
};

export const highWatermarkIgnoresPendingExpansionBroker = createBroker('variant/high-watermark-ignores-pending-expansion', highWatermarkIgnoresPendingExpansionParts);
