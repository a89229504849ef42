/**
 * The keyed path of Kafka's built-in partitioner (`BuiltInPartitioner.partitionForKey`): murmur2 of the key's
 * serialized bytes, sign bit cleared, modulo the partition count. It leaves out serializers other than UTF-8
 * strings and the null-key path, which is the sticky partitioner.
 */
import { assert } from '../../kernel/assert.ts';
import { murmur2, toPositive, utf8Bytes } from './murmur2.ts';

/** The partition Kafka's producer picks for `key` (serialized as UTF-8) in a topic of `partitionCount` partitions. */
export function partitionForKey(key: string, partitionCount: number): number {
  assert(Number.isInteger(partitionCount) && partitionCount > 0, `partitionCount must be a positive integer, got ${partitionCount}`);
  return toPositive(murmur2(utf8Bytes(key))) % partitionCount;
}
