/**
 * The decisions of the controller that a bug-zoo entry may swap, as the broker's parts do for the broker: the
 * reference controller takes the reference parts, a controller variant swaps exactly one: the election rule, what
 * fencing does to the ISR, and two checks of an AlterPartition request (its partition epoch, and who may join the
 * ISR). Registration, the leader-epoch check and the resending of lost words are fixed.
 */
import type { BrokerId } from '../kernel/ids.ts';
import type { NodeContext } from '../kernel/node-logic.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { AlterPartitionRequest } from '../protocol/messages.ts';
import type { ControllerState, PartitionRegistration } from './controller-state.ts';
import { electLeader, isAlive, isrWithout, type Election } from './election.ts';

export interface ControllerParts {
  /** Who leads a partition that needs a leader, and with which ISR; undefined leaves it offline. */
  electLeader(state: Readonly<ControllerState>, partition: Readonly<PartitionRegistration>, uncleanAllowed: boolean): Election;
  /** The ISR of a partition once `broker`'s session is over (fenced), before a new leader is elected if it led. */
  isrAfterFencing(isr: readonly BrokerId[], broker: BrokerId): BrokerId[];
  /**
   * An AlterPartition request from the current leader, not yet applied: NONE lets it through, an error refuses it
   * because it was made at another partition epoch than the controller's (the ISR changed since).
   */
  partitionEpochCheck(registration: Readonly<PartitionRegistration>, request: Readonly<AlterPartitionRequest>): ErrorCode;
  /** Whether `broker`, not in the ISR, may join it by an AlterPartition request. */
  admitsToIsr(state: Readonly<ControllerState>, registration: Readonly<PartitionRegistration>, broker: BrokerId): boolean;
}

/** What the controller's handlers work with: the node context and the parts it is built from. */
export interface ControllerContext extends NodeContext {
  parts: ControllerParts;
}

export const referenceControllerParts: ControllerParts = {
  electLeader,
  // KRaft: a fenced broker leaves every ISR it is not the last member of (ReplicationControlManager.handleBrokerFenced).
  isrAfterFencing: isrWithout,
  // KIP-497: an ISR change is made against the partition epoch its leader knew; one made at another is refused.
  partitionEpochCheck: (registration, request) => (registration.partitionEpoch !== request.partitionEpoch ? 'INVALID_UPDATE_VERSION' : 'NONE'),
  // KIP-841 (KAFKA-13916): a fenced broker may not join the ISR, nor a broker that does not host the partition.
  admitsToIsr: (state, registration, broker) => isAlive(state, broker) && registration.replicas.includes(broker),
};
