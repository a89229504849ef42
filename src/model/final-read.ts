/**
 * Lost writes shown by a final read (`final: true`): it returns every record of a partition from offset 0, after
 * the cluster healed and converged, so a value acked on that partition, or read from it before, that the final
 * read lacks has been lost — not merely left unread. The values judged are those the partition lists as acked
 * or read (mustBeInLog), so a final read costs what it returned and what it lost, not the whole history.
 */
import type { Anomaly, Partition, Value } from './history.ts';
import { anomaly, showAck, showPartition, showSend } from './anomaly-text.ts';
import { getOwn } from './plain-record.ts';
import { allSendsFailed, partitionState, representativeSend, type SpecState, type ValueState } from './spec-state.ts';

/** `returned`: the values the final read op `op` returned for `partition`. Anomalies in the order of the values'
 * first sends. */
export function checkFinalRead(spec: SpecState, partition: Partition, returned: ReadonlySet<Value>, op: number): Anomaly[] {
  const state = partitionState(spec, partition);
  const missing: Array<{ value: Value; known: ValueState }> = [];
  state.mustBeInLog = state.mustBeInLog.filter((value) => {
    const known = getOwn(state.values, value)!;
    // A definitely failed send that was read is an aborted read; its absence now is what the fail promised.
    if (returned.has(value) || allSendsFailed(known)) return true;
    // Reported lost, now or by an earlier final read: each value is reported once, and no final read looks again.
    if (!known.reportedLost) missing.push({ value, known });
    return false;
  });
  missing.sort((a, b) => a.known.sendIds[0]! - b.known.sendIds[0]!);
  const p = showPartition(partition);
  const missingText = `is missing from the final read of ${p} (op ${op})`;
  return missing.map(({ value, known }) => {
    known.reportedLost = true;
    if (known.firstOkSendId !== null) {
      const acked = spec.sends[known.firstOkSendId]!;
      return anomaly('lost-write', partition, [value], acked.offset === null ? [] : [acked.offset], [acked.completionOp!, op], `${showSend(acked)}, ${showAck(acked)}, ${missingText}`);
    }
    const read = known.firstRead!;
    const sender = representativeSend(spec, known);
    return anomaly('lost-write', partition, [value], [read.offset], [read.op, op],
      `${showSend(sender)} (send ${sender.outcome}), read at offset ${read.offset} of ${p} by ${read.process} (op ${read.op}), ${missingText}`);
  });
}
