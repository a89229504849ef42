/**
 * The sticky partitioner for records with a null key (KIP-480, KIP-794): the producer keeps sending to one
 * partition until a batch completes, then switches. Kafka switches to a random partition (weighted by queue
 * sizes when adaptive partitioning is on); kcheck instead rotates to `(p + 1) % partitionCount`, so runs stay
 * deterministic without a random stream in producer state. Availability and load weighting are left out.
 */
import { assert } from '../../kernel/assert.ts';

export interface StickyPartitionerState {
  /** The current sticky partition; -1 while none has been chosen yet. */
  readonly partition: number;
}

export function initialStickyState(): StickyPartitionerState {
  return { partition: -1 };
}

function checkCount(partitionCount: number): void {
  assert(Number.isInteger(partitionCount) && partitionCount > 0, `partitionCount must be a positive integer, got ${partitionCount}`);
}

/** The partition for the next null-key record: the current sticky one, or partition 0 if none is chosen yet. */
export function stickyPartitionOf(
  state: StickyPartitionerState,
  partitionCount: number,
): { partition: number; state: StickyPartitionerState } {
  checkCount(partitionCount);
  // Kafka topics never lose partitions, so a sticky partition past the end is a state from another topic.
  assert(state.partition < partitionCount, `sticky partition ${state.partition} is outside ${partitionCount} partitions`);
  if (state.partition >= 0) return { partition: state.partition, state: { partition: state.partition } };
  return { partition: 0, state: { partition: 0 } };
}

/**
 * A batch on the sticky partition completed: move on to the next partition, wrapping around. From "none chosen"
 * (-1) the formula gives partition 0, the same one `stickyPartitionOf` would pick.
 */
export function onBatchCompleted(state: StickyPartitionerState, partitionCount: number): StickyPartitionerState {
  checkCount(partitionCount);
  return { partition: (state.partition + 1) % partitionCount };
}
