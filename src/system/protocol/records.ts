/**
 * Records as a broker stores them. The log start offset is always 0 (no retention or compaction is modelled),
 * so a record's offset is also its index in the log.
 */
import type { PartitionId } from '../kernel/ids.ts';

/** A record as the producer sends it. */
export interface ProducedRecord {
  key: string | null;
  value: string;
}

/** A record as it sits in a replica's log. `producerId` is -1 for a non-idempotent producer. */
export interface LogRecord {
  offset: number;
  leaderEpoch: number;
  key: string | null;
  value: string;
  producerId: number;
  sequence: number;
  /**
   * False on every record of a produce batch but its last, so that a fetch returns whole batches, as Kafka's does
   * (a fetch never ends inside a record batch). Absent: the record ends its batch.
   */
  lastInBatch?: boolean;
}

/** A record as a consumer sees it. */
export interface ConsumedRecord {
  partition: PartitionId;
  offset: number;
  key: string | null;
  value: string;
}

export const NO_PRODUCER_ID = -1;
