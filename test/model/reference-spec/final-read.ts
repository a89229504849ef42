// The reference checker for test/model/indexed-checker.property.test.ts: src/model/final-read.ts as it was before its indexes (the quadratic one), unchanged but for its imports. Do not improve it.
/**
 * Lost writes shown by a final read (`final: true`): it returns every record of a partition from offset 0, after
 * the cluster healed and converged, so a value acked on that partition, or read from it before, that the final
 * read lacks has been lost — not merely left unread.
 */
import type { Anomaly, Partition } from '../../../src/model/history.ts';
import { anomaly, representativeSend, showAck, showPartition, showSend } from './anomaly-text.ts';
import { emptyRecord, getOwn, setOwn, type PlainRecord } from '../../../src/model/plain-record.ts';
import { allSendsFailed, partitionState, sendsOf, type SpecState } from './spec-state.ts';

/** `returned`: the values the final read op `op` returned for `partition`. */
export function checkFinalRead(spec: SpecState, partition: Partition, returned: PlainRecord<true>, op: number): Anomaly[] {
  const state = partitionState(spec, partition);
  const p = showPartition(partition);
  const considered: PlainRecord<true> = emptyRecord();
  const anomalies: Anomaly[] = [];
  for (const candidate of spec.sends) {
    const value = candidate.value;
    if (candidate.partition !== partition || getOwn(considered, value)) continue;
    setOwn(considered, value, true);
    if (getOwn(returned, value) || getOwn(state.reported.lost, value)) continue;
    const sends = sendsOf(spec, partition, value);
    // A definitely failed send that was read is an aborted read; its absence now is what the fail promised.
    if (allSendsFailed(sends)) continue;
    const acked = sends.find((s) => s.outcome === 'ok');
    const read = getOwn(state.firstReadOfValue, value);
    if (acked === undefined && read === undefined) continue;
    setOwn(state.reported.lost, value, true);
    const missing = `is missing from the final read of ${p} (op ${op})`;
    if (acked !== undefined) {
      anomalies.push(
        anomaly('lost-write', partition, [value], acked.offset === null ? [] : [acked.offset], [acked.completionOp!, op],
          `${showSend(acked)}, ${showAck(acked)}, ${missing}`),
      );
    } else {
      const sender = representativeSend(sends)!;
      anomalies.push(
        anomaly('lost-write', partition, [value], [read!.offset], [read!.op, op],
          `${showSend(sender)} (send ${sender.outcome}), read at offset ${read!.offset} of ${p} by ${read!.process} (op ${read!.op}), ${missing}`),
      );
    }
  }
  return anomalies;
}
