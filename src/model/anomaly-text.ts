/**
 * Building anomalies and the words of their one-sentence messages, shared by every rule so that all messages
 * name things the same way: "producer0's r1", "offset 3 of p0", "(op 17)".
 */
import type { Anomaly, AnomalyName, Partition, Value } from './history.ts';
import type { SendRecord, Sighting } from './spec-state.ts';

export function anomaly(
  name: AnomalyName,
  partition: Partition,
  values: Value[],
  offsets: number[],
  ops: number[],
  message: string,
): Anomaly {
  // One op can show both sides (two micro-ops of one batch): name it once.
  const distinctOps = ops.filter((op, i) => ops.indexOf(op) === i);
  return { name, partition, values, offsets, ops: distinctOps, message };
}

/** A value as written in a message: bare when it is a plain token, JSON-quoted otherwise (spaces, empty). */
export function showValue(value: Value): string {
  return /^[\w.:-]+$/.test(value) ? value : JSON.stringify(value);
}

export function showPartition(partition: Partition): string {
  return `p${partition}`;
}

/** "offset 3" or "offsets 3..5": the offsets strictly between `after` and `before`. */
export function offsetsBetween(after: number, before: number): string {
  const first = after + 1;
  const last = before - 1;
  return first === last ? `offset ${first}` : `offsets ${first}..${last}`;
}

/** "producer0's ack, op 4" or "read by consumer0, op 9". */
export function showSighting(sighting: Sighting): string {
  return sighting.via === 'ack' ? `${sighting.process}'s ack, op ${sighting.op}` : `read by ${sighting.process}, op ${sighting.op}`;
}

/** The send a message names for a value: its first ok send, else its first send. */
export function representativeSend(sends: readonly SendRecord[]): SendRecord | undefined {
  return sends.find((s) => s.outcome === 'ok') ?? sends[0];
}

/** "producer0's r1". */
export function showSend(send: SendRecord): string {
  return `${send.process}'s ${showValue(send.value)}`;
}

/** "acked at offset 0 of p0 (op 3)" or "acked (offset unknown) on p0 (op 3)". */
export function showAck(send: SendRecord): string {
  const where = send.offset === null ? `(offset unknown) on ${showPartition(send.partition)}` : `at offset ${send.offset} of ${showPartition(send.partition)}`;
  return `acked ${where} (op ${send.completionOp})`;
}
