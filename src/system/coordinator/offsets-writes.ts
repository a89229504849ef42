/**
 * Writing to `__consumer_offsets` as its leader, with acks=all semantics: refused (COORDINATOR_NOT_AVAILABLE, as
 * Kafka maps NOT_ENOUGH_REPLICAS for the coordinator) when the ISR is below min.insync.replicas, appended in the
 * leader epoch, and complete once the high watermark covers it; the broker's own produce path is left untouched.
 */
import { logEndOffset, type PartitionReplica } from '../broker/broker-state.ts';
import { maybeAdvanceHighWatermark } from '../broker/leader.ts';
import { appendRecords } from '../broker/log.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import { NO_PRODUCER_ID, type LogRecord, type ProducedRecord } from '../protocol/records.ts';
import type { CoordinatorContext } from './coordinator-context.ts';

/** The offsets partition's replica if this broker leads it in the epoch it was loaded in. */
export function coordinatingReplica(c: CoordinatorContext, partition: number): PartitionReplica | undefined {
  const replica = c.b.state.partitions[partition];
  if (!replica || replica.role !== 'leader' || c.state.loaded[partition] !== replica.leaderEpoch) return undefined;
  return replica;
}

export function writeAdmission(c: CoordinatorContext, replica: Readonly<PartitionReplica>): ErrorCode {
  return c.b.parts.produceAdmission(replica, 'all', c.b.ctx.config.minInsyncReplicas) === 'NONE' ? 'NONE' : 'COORDINATOR_NOT_AVAILABLE';
}

/** Appends the records as the leader; returns the offset the high watermark must reach for them to be committed. */
export function appendToOffsetsLog(c: CoordinatorContext, replica: PartitionReplica, produced: readonly ProducedRecord[]): number {
  const baseOffset = logEndOffset(replica);
  const records: LogRecord[] = produced.map((r, i) => ({
    offset: baseOffset + i,
    leaderEpoch: replica.leaderEpoch,
    key: r.key,
    value: r.value,
    producerId: NO_PRODUCER_ID,
    sequence: -1,
    ...(i < produced.length - 1 ? { lastInBatch: false } : {}),
  }));
  appendRecords(replica, records, c.b.outputs);
  maybeAdvanceHighWatermark(c.b, replica);
  return baseOffset + records.length;
}
