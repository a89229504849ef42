/**
 * Variant: an acks=all produce request is answered as soon as the leader appended it, like acks=1: the purgatory
 * that holds it until the ISR has it is skipped.
 * The producer believes the record is on every in-sync replica; it is on the leader alone, and a leader crash
 * before the followers fetch loses it although clean election picks an ISR member.
 * Real world: the acks=all contract of the producer (its documentation: "the leader will wait for the full set of
 * in-sync replicas to acknowledge the record"); Jepsen's Kafka analysis (2013) lost acknowledged writes once the
 * ISR had shrunk to the leader alone.
 * Expected to be caught by: acks-all-durable (acked-on-min-isr at the answer; lost-write once the leader fails).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const acksAllAtAppendParts: BrokerParts = {
  ...referenceParts,
  acknowledgement: (acks) => (acks === 0 ? 'never' : 'now'),
};

export const acksAllAtAppendBroker = createBroker('variant/acks-all-at-append', acksAllAtAppendParts);
