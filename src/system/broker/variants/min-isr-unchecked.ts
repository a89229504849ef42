/**
 * Variant: once an acks=all request is committed, the leader answers NONE without checking min.insync.replicas
 * again (the reference answers NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrank below it meanwhile).
 * A request admitted while the ISR was full waits for the followers; they fail, the ISR shrinks to the leader
 * alone, the high watermark jumps to the leader's log end and the request is acked with a single copy. Clean
 * election keeps that copy through crashes, but one power loss of the leader loses a record the producer was
 * told is on two replicas.
 * Real world: KAFKA-1555 introduced min.insync.replicas and both of its checks (before the append,
 * NOT_ENOUGH_REPLICAS, and when the request completes, NOT_ENOUGH_REPLICAS_AFTER_APPEND).
 * Expected to be caught by: acks-all-durable (acked-on-min-isr).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const minIsrUncheckedParts: BrokerParts = {
  ...referenceParts,
  committedAnswer: () => 'NONE',
};

export const minIsrUncheckedBroker = createBroker('variant/min-isr-unchecked', minIsrUncheckedParts);
