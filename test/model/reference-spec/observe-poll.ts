// The reference checker for test/model/indexed-checker.property.test.ts: src/model/observe-poll.ts as it was before its indexes (the quadratic one), unchanged but for its imports. Do not improve it.
/**
 * Polls: a poll ok returns, per partition, a contiguous slice of a dense log. Each slice must continue where
 * the consumer left off (poll-skip, nonmonotonic-poll), be contiguous inside (int-poll-skip,
 * int-nonmonotonic-poll), agree with every other observation (observe-record.ts), and hold only values someone
 * sent and that were not definitely rejected (phantom, aborted-read). A final read is checked for lost writes.
 */
import type { Anomaly, Partition, PollOp } from '../../../src/model/history.ts';
import { anomaly, offsetsBetween, showPartition, showValue } from './anomaly-text.ts';
import { checkFinalRead } from './final-read.ts';
import { observeRecord } from './observe-record.ts';
import { emptyRecord, getOwn, ownOrInsert, setOwn, type PlainRecord } from '../../../src/model/plain-record.ts';
import { allSendsFailed, partitionState, sendsOf, type ReadRecord, type SpecState } from './spec-state.ts';

export function observePollCompletion(spec: SpecState, op: PollOp): Anomaly[] {
  if (op.type === 'info') {
    // The poll may have returned records the client never saw: the consumer's positions are unknown now.
    setOwn(spec.lastReads, op.process, emptyRecord());
    return [];
  }
  if (op.type !== 'ok') return [];
  const final = op.final === true;
  const anomalies: Anomaly[] = [];
  /** For a final read: partition → the values it returned. */
  const finalValues: PlainRecord<PlainRecord<true>> = emptyRecord();
  for (const microOp of op.value) {
    const slices = microOp[1];
    if (slices === undefined) continue;
    for (const [key, pairs] of Object.entries(slices)) {
      const partition = Number(key);
      // Only a final read's first slice of a partition starts at the log start; a further one continues it.
      const fromLogStart = final && getOwn(finalValues, key) === undefined;
      const seen = ownOrInsert(finalValues, key, () => emptyRecord<true>());
      const reads = pairs.map(([offset, value]): ReadRecord => ({ op: op.index, process: op.process, offset, value }));
      anomalies.push(...observeSlice(spec, partition, reads, fromLogStart));
      for (const read of reads) setOwn(seen, read.value, true);
    }
  }
  if (final) {
    for (const [key, values] of Object.entries(finalValues)) anomalies.push(...checkFinalRead(spec, Number(key), values, op.index));
  }
  return anomalies;
}

function observeSlice(spec: SpecState, partition: Partition, reads: ReadRecord[], fromLogStart: boolean): Anomaly[] {
  const first = reads[0];
  if (first === undefined) return [];
  const anomalies = checkPosition(spec, partition, first, fromLogStart);
  reads.forEach((read, i) => {
    const previous = reads[i - 1];
    if (previous !== undefined) anomalies.push(...checkContiguity(partition, previous, read));
    anomalies.push(...observeRecord(spec, partition, read.offset, read.value, { op: read.op, process: read.process, via: 'read' }));
    anomalies.push(...checkReadValue(spec, partition, read));
  });
  setOwn(ownOrInsert(spec.lastReads, first.process, () => emptyRecord<ReadRecord>()), String(partition), reads[reads.length - 1]!);
  return anomalies;
}

/** The slice must start at the consumer's position: right after its last read, or at 0 for a final read. */
function checkPosition(spec: SpecState, partition: Partition, first: ReadRecord, fromLogStart: boolean): Anomaly[] {
  const p = showPartition(partition);
  const who = `${first.process}'s ${fromLogStart ? 'final read' : 'poll'} of ${p} (op ${first.op})`;
  if (fromLogStart) {
    if (first.offset === 0) return [];
    return [anomaly('poll-skip', partition, [first.value], [first.offset], [first.op], `${who} started at offset ${first.offset}, skipping ${offsetsBetween(-1, first.offset)} from the log start`)];
  }
  const last = getOwn(getOwn(spec.lastReads, first.process) ?? emptyRecord<ReadRecord>(), String(partition));
  if (last === undefined) return [];
  const values = [last.value, first.value];
  const offsets = [last.offset, first.offset];
  const ops = [last.op, first.op];
  if (first.offset > last.offset + 1) {
    return [anomaly('poll-skip', partition, values, offsets, ops, `${who} started at offset ${first.offset} after it had read up to offset ${last.offset} (op ${last.op}), skipping ${offsetsBetween(last.offset, first.offset)}`)];
  }
  if (first.offset <= last.offset) {
    return [anomaly('nonmonotonic-poll', partition, values, offsets, ops, `${who} went back to offset ${first.offset} after it had read up to offset ${last.offset} (op ${last.op})`)];
  }
  return [];
}

/** Inside one slice, each offset must be the previous one plus one. */
function checkContiguity(partition: Partition, previous: ReadRecord, next: ReadRecord): Anomaly[] {
  const who = `${next.process}'s poll of ${showPartition(partition)} (op ${next.op})`;
  const values = [previous.value, next.value];
  const offsets = [previous.offset, next.offset];
  if (next.offset > previous.offset + 1) {
    return [anomaly('int-poll-skip', partition, values, offsets, [next.op], `${who} jumped from offset ${previous.offset} to offset ${next.offset} within one poll, skipping ${offsetsBetween(previous.offset, next.offset)}`)];
  }
  if (next.offset <= previous.offset) {
    return [anomaly('int-nonmonotonic-poll', partition, values, offsets, [next.op], `${who} returned offset ${next.offset} after offset ${previous.offset} within one poll`)];
  }
  return [];
}

/** The value must have been sent to this partition before the read, by a send that may have succeeded. */
function checkReadValue(spec: SpecState, partition: Partition, read: ReadRecord): Anomaly[] {
  const state = partitionState(spec, partition);
  if (state.highestRead === null || read.offset > state.highestRead.offset) state.highestRead = read;
  const p = showPartition(partition);
  const sends = sendsOf(spec, partition, read.value);
  if (sends.length === 0) {
    if (getOwn(state.reported.phantom, read.value)) return [];
    setOwn(state.reported.phantom, read.value, true);
    return [anomaly('phantom', partition, [read.value], [read.offset], [read.op], `${read.process} read ${showValue(read.value)} at offset ${read.offset} of ${p} (op ${read.op}), but no send of ${showValue(read.value)} to ${p} had been invoked`)];
  }
  if (getOwn(state.firstReadOfValue, read.value) === undefined) setOwn(state.firstReadOfValue, read.value, read);
  if (!allSendsFailed(sends) || getOwn(state.reported.aborted, read.value)) return [];
  setOwn(state.reported.aborted, read.value, true);
  const failed = sends[sends.length - 1]!;
  return [
    anomaly('aborted-read', partition, [read.value], [read.offset], [failed.completionOp!, read.op],
      `${read.process} read ${showValue(read.value)} at offset ${read.offset} of ${p} (op ${read.op}), but ${failed.process}'s send of it had failed (op ${failed.completionOp})`),
  ];
}
