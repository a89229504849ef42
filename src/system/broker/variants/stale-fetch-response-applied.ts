/**
 * Variant: a follower applies any fetch response for its partition while it is fetching, not only the answer to
 * the fetch it awaits. An answer of the previous leader can still be on its way when the controller's word of a
 * new leader overtakes it (they travel on different links): the follower truncates, asks the new leader, and then
 * appends the old leader's record, which the new leader never had, at an offset where the new leader writes
 * another. Once the high watermark covers that offset the replicas disagree on a committed record.
 * Real world: Kafka's fetcher processes a response only while the partition's fetch state is the one the request
 * was made in (same current leader epoch and fetch offset; AbstractFetcherThread.processFetchRequest), KIP-320's
 * epoch fencing of fetches (KAFKA-6880, zombie replicas must be fenced).
 * Expected to be caught by: protocol-invariants (log-matching).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const staleFetchResponseAppliedParts: BrokerParts = {
  ...referenceParts,
  isAwaitedFetchResponse: () => true,
};

export const staleFetchResponseAppliedBroker = createBroker('variant/stale-fetch-response-applied', staleFetchResponseAppliedParts);
