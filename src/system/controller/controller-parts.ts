/**
 * The decisions of the controller that a bug-zoo entry may swap, as the broker's parts do for the broker: the
 * reference controller takes the reference parts, a controller variant swaps exactly one. Today there is one,
 * the election rule; registration, fencing and AlterPartition validation are fixed.
 */
import type { NodeContext } from '../kernel/node-logic.ts';
import type { ControllerState, PartitionRegistration } from './controller-state.ts';
import { electLeader, type Election } from './election.ts';

export interface ControllerParts {
  /** Who leads a partition that needs a leader, and with which ISR; undefined leaves it offline. */
  electLeader(state: Readonly<ControllerState>, partition: Readonly<PartitionRegistration>, uncleanAllowed: boolean): Election;
}

/** What the controller's handlers work with: the node context and the parts it is built from. */
export interface ControllerContext extends NodeContext {
  parts: ControllerParts;
}

export const referenceControllerParts: ControllerParts = { electLeader };
