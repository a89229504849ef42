/**
 * Which partition a new record goes to (Kafka's `KafkaProducer.partition`): the key's hash with the default
 * partitioner, the sticky partition for a null key, or the next partition in turn with the round-robin one. It leaves
 * out explicit partitions in the record and custom partitioner classes.
 */
import { assertNever } from '../../kernel/assert.ts';
import type { PartitionId } from '../../kernel/ids.ts';
import { partitionForKey } from '../partitioner/default-partitioner.ts';
import { roundRobinPartitionOf } from '../partitioner/round-robin-partitioner.ts';
import { stickyPartitionOf } from '../partitioner/sticky-partitioner.ts';
import type { ProducerEnv } from './producer-env.ts';
import type { ProducerState } from './producer-state.ts';

export function choosePartition(state: ProducerState, env: ProducerEnv, key: string | null): PartitionId {
  const partitioner = env.config.partitioner;
  switch (partitioner) {
    case 'default': {
      if (key !== null) return partitionForKey(key, env.partitionCount);
      const chosen = stickyPartitionOf(state.sticky, env.partitionCount);
      state.sticky = chosen.state;
      return chosen.partition;
    }
    case 'roundRobin': {
      const chosen = roundRobinPartitionOf(state.roundRobin, env.partitionCount);
      state.roundRobin = chosen.state;
      return chosen.partition;
    }
    default:
      assertNever(partitioner, 'partitioner');
  }
}
