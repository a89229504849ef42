/**
 * Words shared by every invariant's message, so that all name things the same way: "b1", "offset 3 of p0",
 * "r7 (epoch 2)", "nothing".
 */
import { showValue } from '../../model/anomaly-text.ts';
import type { LogRecord } from '../../system/protocol/records.ts';
import type { PartitionId } from '../../system/kernel/ids.ts';

/** Values are written as the spec model's messages write them: quoted and escaped where needed, a long one elided. */
export { showValue };

/** "r7 (epoch 2)", "r7 (epoch 2, stored as offset 4)" for a record whose offset field is not its position, or "nothing". */
export function showRecord(record: LogRecord | undefined, position: number): string {
  if (!record) return 'nothing';
  const misplaced = record.offset === position ? '' : `, stored as offset ${record.offset}`;
  return `${showValue(record.value)} (epoch ${record.leaderEpoch}${misplaced})`;
}

export function showPartition(partition: PartitionId): string {
  return `p${partition}`;
}
