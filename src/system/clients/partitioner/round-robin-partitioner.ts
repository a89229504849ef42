/**
 * Kafka's `RoundRobinPartitioner`: every record goes to the next partition in turn, whatever its key. The
 * counter is plain data here rather than Kafka's per-topic `AtomicInteger`; Kafka's preference for available
 * partitions is left out.
 */
import { assert } from '../../kernel/assert.ts';

export interface RoundRobinState {
  /**
   * The partition the next record goes to, taken modulo the partition count. Kafka keeps an ever-growing
   * counter; storing it already reduced gives the same sequence and keeps the state small and canonical.
   */
  readonly next: number;
}

export function initialRoundRobinState(): RoundRobinState {
  return { next: 0 };
}

/** The partition for the next record, and the state after it. */
export function roundRobinPartitionOf(
  state: RoundRobinState,
  partitionCount: number,
): { partition: number; state: RoundRobinState } {
  assert(Number.isInteger(partitionCount) && partitionCount > 0, `partitionCount must be a positive integer, got ${partitionCount}`);
  const partition = state.next % partitionCount;
  return { partition, state: { next: partition + 1 } };
}
