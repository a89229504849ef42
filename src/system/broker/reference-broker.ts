/** The reference broker: Kafka's replication protocol as of KIP-101, KIP-279, KIP-320 and KIP-841. */
import { createBroker } from './create-broker.ts';
import { referenceParts } from './reference-parts.ts';

export const referenceBroker = createBroker('reference', referenceParts);
