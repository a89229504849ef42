/**
 * Variant: a leader that learns of a new leader epoch naming another broker takes the new epoch but does not step
 * down: until it restarts it keeps acting as leader, now in the same epoch as the broker the controller elected.
 * A deposed leader is a zombie only while it has not heard of the election; epoch fencing is what stops it once it
 * has. This one serves produce requests from clients with old metadata and stamps their records with the new
 * epoch, so two logs grow under one epoch and the epoch no longer identifies a history.
 * Real world: Election Safety (at most one leader per term, Raft) is the invariant of the leader-epoch design
 * (KIP-101; the TLA+ specification of Kafka's replication protocol checks one leader per epoch).
 * Expected to be caught by: protocol-invariants (single-leader-per-epoch).
 */
import { createBroker } from '../create-broker.ts';
import type { BrokerParts } from '../parts.ts';
import { referenceParts } from '../reference-parts.ts';

export const demotedLeaderKeepsLeadingParts: BrokerParts = {
  ...referenceParts,
  roleAfterLeaderChange: (self, newLeader, wasLeader) => (wasLeader ? 'leader' : referenceParts.roleAfterLeaderChange(self, newLeader, wasLeader)),
};

export const demotedLeaderKeepsLeadingBroker = createBroker('variant/demoted-leader-keeps-leading', demotedLeaderKeepsLeadingParts);
