/**
 * The end of a history: what only the whole history shows. Sends still pending count as info (they may or may
 * not be in the log), so only acked values are judged: an acked value no poll returned is lost when a poll
 * returned a higher offset of its partition (Jepsen's lost-write rule for histories without a final read), and
 * otherwise only unseen.
 */
import type { Anomaly } from './history.ts';
import { anomaly, showAck, showPartition, showSend } from './anomaly-text.ts';
import { getOwn } from './plain-record.ts';
import { partitionState, type SpecState } from './spec-state.ts';

/** End-of-history anomalies, in send order. Call once, after the last observeOp. */
export function finishSpec(spec: SpecState): Anomaly[] {
  const anomalies: Anomaly[] = [];
  spec.sends.forEach((send, id) => {
    if (send.outcome !== 'ok') return;
    const state = partitionState(spec, send.partition);
    const known = getOwn(state.values, send.value)!;
    // A value sent twice is judged once, by its first ok send.
    if (known.firstOkSendId !== id || known.firstRead !== null || known.reportedLost) return;
    const acked = `${showSend(send)}, ${showAck(send)}`;
    const higher = state.highestRead;
    if (send.offset !== null && higher !== null && higher.offset > send.offset) {
      known.reportedLost = true;
      anomalies.push(
        anomaly('lost-write', send.partition, [send.value], [send.offset, higher.offset], [send.completionOp!, higher.op].sort((a, b) => a - b),
          `${acked}, was never read, though ${higher.process} read offset ${higher.offset} of ${showPartition(send.partition)} (op ${higher.op})`),
      );
    } else {
      anomalies.push(
        anomaly('unseen', send.partition, [send.value], send.offset === null ? [] : [send.offset], [send.completionOp!], `${acked}, was never returned by any poll`),
      );
    }
  });
  return anomalies;
}
