/**
 * Leader election as Kafka's controller does it: the first live replica, in assignment order, that is in the
 * ISR (clean); failing that, the first live replica at all, only when unclean election is enabled. The ISR
 * never becomes empty: its last member stays, so that it can lead again when it returns.
 */
import type { BrokerId } from '../kernel/ids.ts';
import type { ControllerState, PartitionRegistration } from './controller-state.ts';

export function isAlive(state: ControllerState, broker: BrokerId): boolean {
  return state.brokers[broker]?.alive === true;
}

export type Election = { leader: BrokerId; isr: BrokerId[] } | undefined;

export function electLeader(state: ControllerState, partition: PartitionRegistration, uncleanAllowed: boolean): Election {
  const clean = partition.replicas.find((b) => partition.isr.includes(b) && isAlive(state, b));
  // The ISR stays as it is: fencing removes a dead broker from it, and the new leader's lag check the slow ones.
  if (clean !== undefined) return { leader: clean, isr: [...partition.isr] };
  if (!uncleanAllowed) return undefined;
  const unclean = partition.replicas.find((b) => isAlive(state, b));
  return unclean === undefined ? undefined : { leader: unclean, isr: [unclean] };
}

/** The ISR without `broker`, unless that would leave it empty. */
export function isrWithout(isr: readonly BrokerId[], broker: BrokerId): BrokerId[] {
  const remaining = isr.filter((b) => b !== broker);
  return remaining.length > 0 ? remaining : [...isr];
}
