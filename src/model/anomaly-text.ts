/**
 * Building anomalies and the words of their one-sentence messages, shared by every rule so that all messages
 * name things the same way: "producer0's r1", "offset 3 of p0", "(op 17)". A message is display text, made
 * safe here: values are quoted and escaped where needed, a long one elided, and what a history file names
 * (process names) escaped; the raw values stay in the anomaly's `values`.
 */
import { displayText, quoteValue } from '../text/display-text.ts';
import type { Anomaly, AnomalyName, Partition, Value } from './history.ts';
import type { SendRecord, Sighting } from './spec-state.ts';

/** Characters of a value a message shows at most; a longer one is elided with its length. */
export const MESSAGE_VALUE_CHARS_MAX = 64;

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
  return { name, partition, values, offsets, ops: distinctOps, message: displayText(message) };
}

/** A value as written in a message: bare when it is a short plain token, quoted otherwise (spaces, empty, a
 * character that must be escaped), and elided with its length when long: `"aaaa…" (1,048,576 chars)`. */
export function showValue(value: Value): string {
  return value.length <= MESSAGE_VALUE_CHARS_MAX && /^[\w.:-]+$/.test(value) ? value : quoteValue(value, MESSAGE_VALUE_CHARS_MAX);
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

/** "producer0's r1". */
export function showSend(send: SendRecord): string {
  return `${send.process}'s ${showValue(send.value)}`;
}

/** "acked at offset 0 of p0 (op 3)" or "acked (offset unknown) on p0 (op 3)". */
export function showAck(send: SendRecord): string {
  const where = send.offset === null ? `(offset unknown) on ${showPartition(send.partition)}` : `at offset ${send.offset} of ${showPartition(send.partition)}`;
  return `acked ${where} (op ${send.completionOp})`;
}
