// The reference checker for test/model/indexed-checker.property.test.ts: src/model/finish.ts as it was before its indexes (the quadratic one), unchanged but for its imports. Do not improve it.
/**
 * The end of a history: what only the whole history shows. Sends still pending count as info (they may or may
 * not be in the log), so only acked values are judged: an acked value no poll returned is lost when a poll
 * returned a higher offset of its partition (Jepsen's lost-write rule for histories without a final read), and
 * otherwise only unseen.
 */
import type { Anomaly } from '../../../src/model/history.ts';
import { anomaly, showAck, showPartition, showSend } from './anomaly-text.ts';
import { emptyRecord, getOwn, ownOrInsert, setOwn, type PlainRecord } from '../../../src/model/plain-record.ts';
import { partitionState, type SpecState } from './spec-state.ts';

/** End-of-history anomalies, in send order. Call once, after the last observeOp. */
export function finishSpec(spec: SpecState): Anomaly[] {
  const anomalies: Anomaly[] = [];
  /** partition → values already judged (a value sent twice is judged once, by its first ok send). */
  const judged: PlainRecord<PlainRecord<true>> = emptyRecord();
  for (const send of spec.sends) {
    if (send.outcome !== 'ok') continue;
    const done = ownOrInsert(judged, String(send.partition), () => emptyRecord<true>());
    if (getOwn(done, send.value)) continue;
    setOwn(done, send.value, true);
    const state = partitionState(spec, send.partition);
    if (getOwn(state.firstReadOfValue, send.value) || getOwn(state.reported.lost, send.value)) continue;
    const acked = `${showSend(send)}, ${showAck(send)}`;
    const higher = state.highestRead;
    if (send.offset !== null && higher !== null && higher.offset > send.offset) {
      setOwn(state.reported.lost, send.value, true);
      anomalies.push(
        anomaly('lost-write', send.partition, [send.value], [send.offset, higher.offset], [send.completionOp!, higher.op].sort((a, b) => a - b),
          `${acked}, was never read, though ${higher.process} read offset ${higher.offset} of ${showPartition(send.partition)} (op ${higher.op})`),
      );
    } else {
      anomalies.push(
        anomaly('unseen', send.partition, [send.value], send.offset === null ? [] : [send.offset], [send.completionOp!], `${acked}, was never returned by any poll`),
      );
    }
  }
  return anomalies;
}
