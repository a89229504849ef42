/**
 * Sends: an invoke adds records that may or may not be in the log; the completion settles them. An ok places
 * its value at the offset it returned (checked like any observation), must come after the producer's earlier
 * acks on that partition (nonmonotonic-send), and a fail makes any earlier read of the value an aborted read.
 */
import type { Anomaly, OffsetValue, SendOp } from './history.ts';
import { anomaly, showPartition, showValue } from './anomaly-text.ts';
import { observeRecord } from './observe-record.ts';
import { addAck, emptyAckOrderIndex, firstConflict, type AckOrderIndex } from './ack-order-index.ts';
import { appended, emptyRecord, ownOrInsert } from './plain-record.ts';
import { allSendsFailed, noteMustBeInLog, partitionState, valueState, type OutstandingOp, type SendRecord, type SpecState, type ValueState } from './spec-state.ts';

/** Registers the invoked records; returns their indices into spec.sends. */
export function observeSendInvoke(spec: SpecState, op: SendOp): number[] {
  return op.value.map(([, partition, payload]) => {
    const value = Array.isArray(payload) ? payload[1] : payload;
    const id = spec.sends.length;
    spec.sends.push({ process: op.process, partition, value, invokeOp: op.index, completionOp: null, outcome: 'pending', offset: null });
    const known = valueState(partitionState(spec, partition), value);
    known.sendIds = appended(known.sendIds, id);
    return id;
  });
}

export function observeSendCompletion(spec: SpecState, op: SendOp, invoked: OutstandingOp): Anomaly[] {
  const anomalies: Anomaly[] = [];
  invoked.sendIds.forEach((id, i) => {
    const send = spec.sends[id]!;
    send.completionOp = op.index;
    const state = partitionState(spec, send.partition);
    const known = valueState(state, send.value);
    if (op.type === 'ok') {
      send.outcome = 'ok';
      if (known.firstOkSendId === null || id < known.firstOkSendId) known.firstOkSendId = id;
      noteMustBeInLog(state, send.value, known);
      const payload = op.value[i]?.[2];
      send.offset = Array.isArray(payload) ? (payload as OffsetValue)[0] : null;
      if (send.offset !== null) {
        for (const found of observeRecord(spec, send.partition, send.offset, send.value, { op: op.index, process: send.process, via: 'ack' })) anomalies.push(found);
        anomalies.push(...checkSendOrder(spec, id));
      }
    } else {
      send.outcome = op.type === 'fail' ? 'fail' : 'info';
      if (send.outcome === 'fail') {
        known.failedSendCount++;
        anomalies.push(...checkReadOfFailedSend(send, known));
      }
    }
  });
  return anomalies;
}

/**
 * A producer's ok sends to one partition must get offsets in invoke order. Sends complete in any order (the
 * producer is asynchronous), so the new ack is compared with every earlier ack of that producer and partition
 * (through an index, ack-order-index.ts); the first pair out of order, in the order the acks came, is the anomaly.
 */
function checkSendOrder(spec: SpecState, id: number): Anomaly[] {
  const send = spec.sends[id]!;
  const byPartition = ownOrInsert(spec.acksByProducer, send.process, () => emptyRecord<AckOrderIndex>());
  const acked = ownOrInsert(byPartition, String(send.partition), emptyAckOrderIndex);
  // Indices into spec.sends are invoke order (micro-op order within one op).
  const conflictAt = firstConflict(acked, id, send.offset!);
  addAck(acked, id, send.offset!);
  if (conflictAt === undefined) return [];
  const conflictId = acked.ids[conflictAt]!;
  const conflict = spec.sends[conflictId]!;
  const [first, second] = conflictId < id ? [conflict, send] : [send, conflict];
  const p = showPartition(send.partition);
  return [
    anomaly('nonmonotonic-send', send.partition, [first.value, second.value], [first.offset!, second.offset!], [conflict.completionOp!, send.completionOp!],
      `${send.process} sent ${showValue(first.value)} before ${showValue(second.value)} to ${p}, but ${showValue(second.value)} was acked at offset ${second.offset} (op ${second.completionOp}), not after ${showValue(first.value)}'s offset ${first.offset} (op ${first.completionOp})`),
  ];
}

/** A read that happened before the fail became known: the fail is where the aborted read shows. */
function checkReadOfFailedSend(send: SendRecord, known: ValueState): Anomaly[] {
  const read = known.firstRead;
  if (read === null || known.reportedAborted || !allSendsFailed(known)) return [];
  known.reportedAborted = true;
  return [
    anomaly('aborted-read', send.partition, [send.value], [read.offset], [read.op, send.completionOp!],
      `${read.process} read ${showValue(send.value)} at offset ${read.offset} of ${showPartition(send.partition)} (op ${read.op}), but ${send.process}'s send of it failed (op ${send.completionOp})`),
  ];
}
