/**
 * Controller variant: an AlterPartition request may add a fenced broker to the ISR. The leader adds a follower
 * when its fetches show it caught up, and a fetch the follower sent before it stopped (paused, or cut off from the
 * controller) can arrive after the controller fenced it: the leader asks to add a broker whose session is over.
 * Accepted, the ISR holds a broker nobody may count on. If it then restarts after a power loss, its new
 * incarnation is admitted where the old one was — in the ISR — with only what its disk had written back: a member
 * of the ISR lacks committed records, and the controller may elect it.
 * Real world: KIP-841 ("Fenced replicas should not be allowed to join the ISR in KRaft"), KAFKA-13916: the
 * controller answers such a request INELIGIBLE_REPLICA; KAFKA-14140 did the same for ZooKeeper mode.
 * Expected to be caught by: protocol-invariants (strong-isr).
 */
import { createController } from '../controller.ts';
import { referenceControllerParts, type ControllerParts } from '../controller-parts.ts';

export const fencedReplicaJoinsIsrParts: ControllerParts = {
  ...referenceControllerParts,
  admitsToIsr: (_state, registration, broker) => registration.replicas.includes(broker),
};

export const fencedReplicaJoinsIsrController = createController('variant/fenced-replica-joins-isr', fencedReplicaJoinsIsrParts);
