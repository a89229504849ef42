/**
 * Variant: the leader never finds an in-sync follower lagging, so it never asks the controller to shrink the ISR.
 * A follower that stays up and registered (so the controller does not fence it) but stops fetching — its fetches
 * lost, a fetcher thread stuck — keeps the high watermark where it is, and every acks=all request waits for it: the
 * partition accepts writes and acknowledges none, although the other min.insync.replicas replicas are up and
 * connected. Nothing acked is lost, so no safety claim sees it; only availability does.
 * Real world: replica.lag.time.max.ms and the ISR shrink of ReplicaManager.maybeShrinkIsr (KAFKA-1546 replaced the
 * message-count rule, replica.lag.max.messages, whose lagging followers were never recognised under steady load).
 * Expected to be caught by: acks-all-available (send-unavailable).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const isrNeverShrinksParts: BrokerParts = {
  ...referenceParts,
  isLaggingFollower: () => false,
};

export const isrNeverShrinksBroker = createBroker('variant/isr-never-shrinks', isrNeverShrinksParts);
