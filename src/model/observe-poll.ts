/**
 * Polls: a poll ok returns, per partition, a contiguous slice of a dense log. Each slice must continue where
 * the consumer left off (poll-skip, nonmonotonic-poll), be contiguous inside (int-poll-skip,
 * int-nonmonotonic-poll), agree with every other observation (observe-record.ts), and hold only values someone
 * sent and that were not definitely rejected (phantom, aborted-read). A final read is checked for lost writes.
 */
import type { Anomaly, Partition, PollOp, Value } from './history.ts';
import { anomaly, offsetsBetween, showPartition, showValue } from './anomaly-text.ts';
import { checkFinalRead } from './final-read.ts';
import { observeRecord } from './observe-record.ts';
import { emptyRecord, getOwn, ownOrInsert, recordKeyOrder, setOwn } from './plain-record.ts';
import { allSendsFailed, noteMustBeInLog, partitionState, startPosition, valueState, type ReadRecord, type SpecState } from './spec-state.ts';

export function observePollCompletion(spec: SpecState, op: PollOp): Anomaly[] {
  if (op.type === 'info') {
    // The poll may have returned records the client never saw: the consumer's positions are unknown now.
    setOwn(spec.lastReads, op.process, emptyRecord());
    setOwn(spec.startPositions, op.process, emptyRecord());
    setOwn(spec.positionsLost, op.process, true);
    return [];
  }
  if (op.type !== 'ok') return [];
  const final = op.final === true;
  const anomalies: Anomaly[] = [];
  /** For a final read: partition (in decimal) → the values it returned. */
  const finalValues = new Map<string, Set<Value>>();
  for (const microOp of op.value) {
    const slices = microOp[1];
    if (slices === undefined) continue;
    for (const [key, pairs] of Object.entries(slices)) {
      const partition = Number(key);
      // Only a final read's first slice of a partition starts at the log start; a further one continues it.
      const fromLogStart = final && !finalValues.has(key);
      const reads = pairs.map(([offset, value]): ReadRecord => ({ op: op.index, process: op.process, offset, value }));
      // A loop, not push(...): a final read of a whole log can show more anomalies than a call takes arguments.
      for (const found of observeSlice(spec, partition, reads, fromLogStart)) anomalies.push(found);
      if (!final) continue;
      const seen = finalValues.get(key) ?? new Set<Value>();
      finalValues.set(key, seen);
      for (const read of reads) seen.add(read.value);
    }
  }
  const keys = [...finalValues.keys()];
  for (const i of recordKeyOrder(keys)) {
    for (const found of checkFinalRead(spec, Number(keys[i]), finalValues.get(keys[i]!)!, op.index)) anomalies.push(found);
  }
  return anomalies;
}

function observeSlice(spec: SpecState, partition: Partition, reads: ReadRecord[], fromLogStart: boolean): Anomaly[] {
  const first = reads[0];
  if (first === undefined) return [];
  const anomalies = checkPosition(spec, partition, first, fromLogStart);
  reads.forEach((read, i) => {
    const previous = reads[i - 1];
    if (previous !== undefined) anomalies.push(...checkContiguity(spec, partition, previous, read));
    for (const found of observeRecord(spec, partition, read.offset, read.value, { op: read.op, process: read.process, via: 'read' })) anomalies.push(found);
    anomalies.push(...checkReadValue(spec, partition, read));
  });
  setOwn(ownOrInsert(spec.lastReads, first.process, () => emptyRecord<ReadRecord>()), String(partition), reads[reads.length - 1]!);
  return anomalies;
}

/** The slice must start at the consumer's position: right after its last read, at 0 for a final read, and at 0
 * for a first read (or one after an assign) where consumers start at the log start. */
function checkPosition(spec: SpecState, partition: Partition, first: ReadRecord, fromLogStart: boolean): Anomaly[] {
  const p = showPartition(partition);
  const who = `${first.process}'s ${fromLogStart ? 'final read' : 'poll'} of ${p} (op ${first.op})`;
  const last = fromLogStart ? undefined : getOwn(getOwn(spec.lastReads, first.process) ?? emptyRecord<ReadRecord>(), String(partition));
  if (fromLogStart || (last === undefined && startPosition(spec, first.process, partition) === 'logStart')) {
    if (first.offset === 0 || !isSkip(spec, partition, -1, first.offset)) return [];
    const from = fromLogStart ? 'from the log start' : 'from the log start, where it starts reading';
    return [anomaly('poll-skip', partition, [first.value], [first.offset], [first.op], `${who} started at offset ${first.offset}, skipping ${offsetsBetween(-1, first.offset)} ${from}`)];
  }
  if (last === undefined) return [];
  const values = [last.value, first.value];
  const offsets = [last.offset, first.offset];
  const ops = [last.op, first.op];
  if (first.offset > last.offset + 1) {
    if (!isSkip(spec, partition, last.offset, first.offset)) return [];
    return [anomaly('poll-skip', partition, values, offsets, ops, `${who} started at offset ${first.offset} after it had read up to offset ${last.offset} (op ${last.op}), skipping ${offsetsBetween(last.offset, first.offset)}`)];
  }
  if (first.offset <= last.offset) {
    return [anomaly('nonmonotonic-poll', partition, values, offsets, ops, `${who} went back to offset ${first.offset} after it had read up to offset ${last.offset} (op ${last.op})`)];
  }
  return [];
}

/** Inside one slice, each offset must be the previous one plus one. */
function checkContiguity(spec: SpecState, partition: Partition, previous: ReadRecord, next: ReadRecord): Anomaly[] {
  const who = `${next.process}'s poll of ${showPartition(partition)} (op ${next.op})`;
  const values = [previous.value, next.value];
  const offsets = [previous.offset, next.offset];
  if (next.offset > previous.offset + 1) {
    if (!isSkip(spec, partition, previous.offset, next.offset)) return [];
    return [anomaly('int-poll-skip', partition, values, offsets, [next.op], `${who} jumped from offset ${previous.offset} to offset ${next.offset} within one poll, skipping ${offsetsBetween(previous.offset, next.offset)}`)];
  }
  if (next.offset <= previous.offset) {
    return [anomaly('int-nonmonotonic-poll', partition, values, offsets, [next.op], `${who} returned offset ${next.offset} after offset ${previous.offset} within one poll`)];
  }
  return [];
}

/** Gaps up to this many offsets are looked at offset by offset; a wider one through the offsets known. */
const GAP_SCAN_MAX = 4096;

/** Whether reading `before` right after `after` skipped a record: always in a dense log; otherwise only when an
 * offset in between is known to hold one (SpecOptions.denseOffsets). */
function isSkip(spec: SpecState, partition: Partition, after: number, before: number): boolean {
  if (spec.denseOffsets) return true;
  const { offsets } = partitionState(spec, partition);
  if (before - after - 1 <= GAP_SCAN_MAX) {
    // By number: an integer key is never inherited, even by a record restored from JSON.
    for (let offset = after + 1; offset < before; offset++) if (offsets[offset] !== undefined) return true;
    return false;
  }
  return Object.keys(offsets).some((key) => Number(key) > after && Number(key) < before);
}

/** The value must have been sent to this partition before the read, by a send that may have succeeded. */
function checkReadValue(spec: SpecState, partition: Partition, read: ReadRecord): Anomaly[] {
  const state = partitionState(spec, partition);
  if (state.highestRead === null || read.offset > state.highestRead.offset) state.highestRead = read;
  const p = showPartition(partition);
  const known = valueState(state, read.value);
  if (known.sendIds.length === 0) {
    if (known.reportedPhantom) return [];
    known.reportedPhantom = true;
    return [anomaly('phantom', partition, [read.value], [read.offset], [read.op], `${read.process} read ${showValue(read.value)} at offset ${read.offset} of ${p} (op ${read.op}), but no send of ${showValue(read.value)} to ${p} had been invoked`)];
  }
  if (known.firstRead === null) {
    known.firstRead = read;
    noteMustBeInLog(state, read.value, known);
  }
  if (!allSendsFailed(known) || known.reportedAborted) return [];
  known.reportedAborted = true;
  const failed = spec.sends[known.sendIds[known.sendIds.length - 1]!]!;
  return [
    anomaly('aborted-read', partition, [read.value], [read.offset], [failed.completionOp!, read.op],
      `${read.process} read ${showValue(read.value)} at offset ${read.offset} of ${p} (op ${read.op}), but ${failed.process}'s send of it had failed (op ${failed.completionOp})`),
  ];
}
