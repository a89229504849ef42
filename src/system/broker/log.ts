/**
 * The replica log and its leader-epoch cache: append, truncate, and the epoch lookups of KIP-101/KIP-279.
 * Every change is mirrored to the disk through `disk` outputs: the log through the page cache (Kafka does
 * not fsync), the epoch checkpoint with an fsync, as Kafka's checkpoint files are.
 */
import type { Output } from '../kernel/node-logic.ts';
import type { LogRecord } from '../protocol/records.ts';
import { logEndOffset, type EpochEntry, type PartitionReplica } from './broker-state.ts';
import { epochCheckpointFile, logFile } from './disk-files.ts';
import type { BrokerParts } from './parts.ts';

function persistEpochCache(replica: PartitionReplica, outputs: Output[]): void {
  outputs.push({ type: 'disk', op: { op: 'write', file: epochCheckpointFile(replica.partition), entries: replica.epochCache.map((e) => ({ ...e })), fsync: true } });
}

/** Records that `epoch` starts at `startOffset`, unless the cache already knows this epoch or a later one. */
export function assignEpochStart(replica: PartitionReplica, epoch: number, startOffset: number, outputs: Output[]): void {
  const last = replica.epochCache[replica.epochCache.length - 1];
  if (last && last.epoch >= epoch) return;
  replica.epochCache.push({ epoch, startOffset });
  persistEpochCache(replica, outputs);
}

/** Appends records whose offsets continue the log; a follower's records carry the leader's epochs. */
export function appendRecords(replica: PartitionReplica, records: readonly LogRecord[], outputs: Output[]): void {
  if (records.length === 0) return;
  for (const record of records) {
    assignEpochStart(replica, record.leaderEpoch, record.offset, outputs);
    replica.log.push(record);
  }
  outputs.push({ type: 'disk', op: { op: 'append', file: logFile(replica.partition), entries: records.map((r) => ({ ...r })) } });
}

/** What a truncation does beside cutting the log: the broker parts that keep the epoch cache and the HW in step. */
export type TruncationRules = Pick<BrokerParts, 'epochCacheAfterTruncation' | 'highWatermarkAfterTruncation'>;

/** Removes every record at `offset` and beyond; the rules say what becomes of the epochs and the HW (the reference:
 * the epochs that started there go, the HW is bounded by the new end). */
export function truncateTo(replica: PartitionReplica, offset: number, outputs: Output[], rules: TruncationRules): void {
  if (offset >= logEndOffset(replica)) return;
  replica.log.length = Math.max(0, offset);
  outputs.push({ type: 'disk', op: { op: 'truncate', file: logFile(replica.partition), length: replica.log.length } });
  const kept = rules.epochCacheAfterTruncation(replica.epochCache, replica.log.length);
  if (kept.length !== replica.epochCache.length) {
    replica.epochCache = kept;
    persistEpochCache(replica, outputs);
  }
  replica.highWatermark = rules.highWatermarkAfterTruncation(replica.highWatermark, replica.log.length);
}

/** Up to `maxRecords` records from `fromOffset`, and on to the end of the batch the last one belongs to (a fetch
 * returns whole batches), never past `toOffsetExclusive`. */
export function readRecords(replica: PartitionReplica, fromOffset: number, toOffsetExclusive: number, maxRecords: number): LogRecord[] {
  const limit = Math.min(toOffsetExclusive, replica.log.length);
  let end = Math.min(limit, fromOffset + maxRecords);
  while (end > fromOffset && end < limit && replica.log[end - 1]!.lastInBatch === false) end++;
  return fromOffset >= end ? [] : replica.log.slice(fromOffset, end);
}

export interface EpochEndOffset {
  leaderEpoch: number;
  endOffset: number;
}

/**
 * The end of a requested epoch, as Kafka's `LeaderEpochFileCache.endOffsetFor` answers OffsetsForLeaderEpoch
 * (KIP-101, with KIP-279's largest-epoch-not-above rule): the latest epoch ends at the log end; an older one
 * where the next known epoch starts; an epoch older than all known ends where the first known one starts.
 * -1/-1 when the epoch is newer than any known.
 */
export function endOffsetForEpoch(cache: readonly EpochEntry[], requestedEpoch: number, logEnd: number): EpochEndOffset {
  const undefinedAnswer = { leaderEpoch: -1, endOffset: -1 };
  const latest = cache[cache.length - 1];
  if (requestedEpoch < 0 || !latest) return undefinedAnswer;
  if (latest.epoch === requestedEpoch) return { leaderEpoch: requestedEpoch, endOffset: logEnd };
  const higherIndex = cache.findIndex((e) => e.epoch > requestedEpoch);
  if (higherIndex < 0) return undefinedAnswer;
  const floor = higherIndex > 0 ? cache[higherIndex - 1]! : undefined;
  return { leaderEpoch: floor ? floor.epoch : requestedEpoch, endOffset: cache[higherIndex]!.startOffset };
}
