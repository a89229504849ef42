/**
 * Which `__consumer_offsets` partition holds a group, as Kafka picks it: `Utils.abs(groupId.hashCode()) %
 * offsets.topic.num.partitions`, with Java's String.hashCode over UTF-16 code units in 32-bit arithmetic and
 * Kafka's abs (which maps Integer.MIN_VALUE to 0, where Math.abs would leave it negative). The topic's partitions are
 * numbered after the data topic's, so partition i of `__consumer_offsets` is `config.partitions + i` here.
 */
import type { ClusterConfig } from '../config/config.ts';
import type { PartitionId } from '../kernel/ids.ts';

/** Java's `String.hashCode()`: s[0]*31^(n-1) + … + s[n-1], wrapping at 32 bits. */
export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** Kafka's `Utils.abs`: `n == Integer.MIN_VALUE ? 0 : Math.abs(n)`. */
export function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

/** The index within `__consumer_offsets` (0 … offsetsPartitions-1) of the group's partition. */
export function offsetsPartitionIndexOf(groupId: string, offsetsPartitions: number): number {
  return kafkaAbs(javaStringHashCode(groupId)) % offsetsPartitions;
}

/** The hosted partition id of the group's `__consumer_offsets` partition; undefined without groups. */
export function offsetsPartitionOf(config: ClusterConfig, groupId: string): PartitionId | undefined {
  if (!config.groups) return undefined;
  return config.partitions + offsetsPartitionIndexOf(groupId, config.groups.offsetsPartitions);
}

export function isOffsetsPartition(config: ClusterConfig, partition: PartitionId): boolean {
  return config.groups !== undefined && partition >= config.partitions && partition < config.partitions + config.groups.offsetsPartitions;
}

/** The data topic's partitions (what groups share out), 0 … partitions-1. */
export function topicPartitions(config: ClusterConfig): PartitionId[] {
  return Array.from({ length: config.partitions }, (_, p) => p);
}
