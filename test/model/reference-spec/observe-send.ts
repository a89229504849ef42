// The reference checker for test/model/indexed-checker.property.test.ts: src/model/observe-send.ts as it was before its indexes (the quadratic one), unchanged but for its imports. Do not improve it.
/**
 * Sends: an invoke adds records that may or may not be in the log; the completion settles them. An ok places
 * its value at the offset it returned (checked like any observation), must come after the producer's earlier
 * acks on that partition (nonmonotonic-send), and a fail makes any earlier read of the value an aborted read.
 */
import type { Anomaly, OffsetValue, SendOp } from '../../../src/model/history.ts';
import { anomaly, showPartition, showValue } from './anomaly-text.ts';
import { observeRecord } from './observe-record.ts';
import { emptyRecord, getOwn, ownOrInsert, setOwn } from '../../../src/model/plain-record.ts';
import { allSendsFailed, partitionState, sendsOf, type OutstandingOp, type SendRecord, type SpecState } from './spec-state.ts';

/** Registers the invoked records; returns their indices into spec.sends. */
export function observeSendInvoke(spec: SpecState, op: SendOp): number[] {
  return op.value.map(([, partition, payload]) => {
    const value = Array.isArray(payload) ? payload[1] : payload;
    const id = spec.sends.length;
    spec.sends.push({ process: op.process, partition, value, invokeOp: op.index, completionOp: null, outcome: 'pending', offset: null });
    ownOrInsert(partitionState(spec, partition).sendsOfValue, value, () => []).push(id);
    return id;
  });
}

export function observeSendCompletion(spec: SpecState, op: SendOp, invoked: OutstandingOp): Anomaly[] {
  const anomalies: Anomaly[] = [];
  invoked.sendIds.forEach((id, i) => {
    const send = spec.sends[id]!;
    send.completionOp = op.index;
    if (op.type === 'ok') {
      send.outcome = 'ok';
      const payload = op.value[i]?.[2];
      send.offset = Array.isArray(payload) ? (payload as OffsetValue)[0] : null;
      if (send.offset !== null) {
        anomalies.push(...observeRecord(spec, send.partition, send.offset, send.value, { op: op.index, process: send.process, via: 'ack' }));
        anomalies.push(...checkSendOrder(spec, id));
      }
    } else {
      send.outcome = op.type === 'fail' ? 'fail' : 'info';
      if (send.outcome === 'fail') anomalies.push(...checkReadOfFailedSend(spec, send));
    }
  });
  return anomalies;
}

/**
 * A producer's ok sends to one partition must get offsets in invoke order. Sends complete in any order (the
 * producer is asynchronous), so the new ack is compared with every earlier ack of that producer and partition;
 * the first pair out of order is the anomaly.
 */
function checkSendOrder(spec: SpecState, id: number): Anomaly[] {
  const send = spec.sends[id]!;
  const byPartition = ownOrInsert(spec.acksByProducer, send.process, () => emptyRecord<number[]>());
  const acked = ownOrInsert(byPartition, String(send.partition), () => []);
  // Indices into spec.sends are invoke order (micro-op order within one op).
  const conflictId = acked.find((other) => other < id !== spec.sends[other]!.offset! < send.offset!);
  acked.push(id);
  if (conflictId === undefined) return [];
  const conflict = spec.sends[conflictId]!;
  const [first, second] = conflictId < id ? [conflict, send] : [send, conflict];
  const p = showPartition(send.partition);
  return [
    anomaly('nonmonotonic-send', send.partition, [first.value, second.value], [first.offset!, second.offset!], [conflict.completionOp!, send.completionOp!],
      `${send.process} sent ${showValue(first.value)} before ${showValue(second.value)} to ${p}, but ${showValue(second.value)} was acked at offset ${second.offset} (op ${second.completionOp}), not after ${showValue(first.value)}'s offset ${first.offset} (op ${first.completionOp})`),
  ];
}

/** A read that happened before the fail became known: the fail is where the aborted read shows. */
function checkReadOfFailedSend(spec: SpecState, send: SendRecord): Anomaly[] {
  const state = partitionState(spec, send.partition);
  const read = getOwn(state.firstReadOfValue, send.value);
  if (read === undefined || getOwn(state.reported.aborted, send.value) || !allSendsFailed(sendsOf(spec, send.partition, send.value))) return [];
  setOwn(state.reported.aborted, send.value, true);
  return [
    anomaly('aborted-read', send.partition, [send.value], [read.offset], [read.op, send.completionOp!],
      `${read.process} read ${showValue(send.value)} at offset ${read.offset} of ${showPartition(send.partition)} (op ${read.op}), but ${send.process}'s send of it failed (op ${send.completionOp})`),
  ];
}
