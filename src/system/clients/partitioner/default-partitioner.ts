/**
 * The keyed path of Kafka's built-in partitioner (`BuiltInPartitioner.partitionForKey`): murmur2 of the key's
 * serialized bytes, sign bit cleared, modulo the partition count. It leaves out serializers other than UTF-8
 * strings and the null-key path, which is the sticky partitioner.
 */
import { assert } from '../../kernel/assert.ts';
import { murmur2, toPositive, utf8Bytes } from './murmur2.ts';

/** A key's hash, remembered for the few keys a schedule uses (bounded: a stream of distinct keys just recomputes). */
const hashes = new Map<string, number>();
const HASHES_KEPT_MAX = 4_096;

function keyHash(key: string): number {
  let hash = hashes.get(key);
  if (hash === undefined) {
    hash = toPositive(murmur2(utf8Bytes(key)));
    if (hashes.size < HASHES_KEPT_MAX) hashes.set(key, hash);
  }
  return hash;
}

/** The partition Kafka's producer picks for `key` (serialized as UTF-8) in a topic of `partitionCount` partitions. */
export function partitionForKey(key: string, partitionCount: number): number {
  assert(Number.isInteger(partitionCount) && partitionCount > 0, `partitionCount must be a positive integer, got ${partitionCount}`);
  return keyHash(key) % partitionCount;
}
