/**
 * Variant: a leader serves a fetch (and an OffsetsForLeaderEpoch request) that carries an older leader epoch than
 * its own, where the reference answers FENCED_LEADER_EPOCH (KIP-320).
 * A replica that has not yet heard of the latest leader change still fetches with the epoch it knows. Its fetch
 * offset was computed against a log the new leader's epoch may have truncated: the leader records that offset as
 * the follower's progress, counts the follower as caught up, and may advance the high watermark over records the
 * follower does not hold, or hand it records that do not continue its log.
 * Real world: KIP-320 ("Allow fetchers to detect and handle log truncation") added the current leader epoch to
 * Fetch and OffsetsForLeaderEpoch requests so that a leader rejects a requester from an older epoch.
 * Expected to be caught by: protocol-invariants (strong-isr, log-matching).
 */
import type { ErrorCode } from '../../protocol/errors.ts';
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

/** Only a requester from a newer epoch is turned away; an older one is served as if current. */
export function staleEpochAccepted(leaderEpoch: number, requestEpoch: number): ErrorCode {
  return requestEpoch > leaderEpoch ? 'UNKNOWN_LEADER_EPOCH' : 'NONE';
}

export const staleEpochFetchAcceptedParts: BrokerParts = {
  ...referenceParts,
  fetchEpochCheck: staleEpochAccepted,
};

export const staleEpochFetchAcceptedBroker = createBroker('variant/stale-epoch-fetch-accepted', staleEpochFetchAcceptedParts);
