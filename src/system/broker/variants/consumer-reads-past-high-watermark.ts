/**
 * Variant: a consumer's fetch is served up to the leader's log end instead of its high watermark.
 * Consumers see records no follower has yet; when the leader fails before replicating them, a clean election
 * picks a follower without them, and a record a consumer already processed is gone from the log.
 * Real world: Kafka serves consumers only committed records, below the high watermark (FetchIsolation
 * HIGH_WATERMARK for consumer fetches; only replicas read to the log end).
 * Expected to be caught by: read-committed (a consumed record is lost).
 */
import { logEndOffset } from '../broker-state.ts';
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const consumerReadsPastHighWatermarkParts: BrokerParts = {
  ...referenceParts,
  consumerFetchLimit: (replica) => logEndOffset(replica),
};

export const consumerReadsPastHighWatermarkBroker = createBroker('variant/consumer-reads-past-high-watermark', consumerReadsPastHighWatermarkParts);
