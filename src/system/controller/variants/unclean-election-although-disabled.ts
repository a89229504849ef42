/**
 * Controller variant: the election rule ignores `unclean.leader.election.enable=false`: when no ISR member is
 * alive, it elects the first live replica anyway, as the reference does only when unclean election is enabled.
 * A replica outside the ISR may lack records acked with acks=all; elected, it truncates them from every replica
 * that follows it.
 * Real world: Jepsen's Kafka analysis (Kingsbury, "Call me maybe: Kafka", 2013) lost acknowledged writes to this
 * election; KIP-106 made unclean.leader.election.enable default to false (Kafka 0.11).
 * Expected to be caught by: acks-all-durable (leader-completeness, lost-write).
 */
import { createController } from '../controller.ts';
import { referenceControllerParts, type ControllerParts } from '../controller-parts.ts';

export const uncleanElectionAlwaysParts: ControllerParts = {
  ...referenceControllerParts,
  electLeader: (state, partition) => referenceControllerParts.electLeader(state, partition, true),
};

export const uncleanElectionAlthoughDisabledController = createController('variant/unclean-election-although-disabled', uncleanElectionAlwaysParts);
