// The reference checker for test/model/indexed-checker.property.test.ts: src/model/spec-state.ts as it was before its indexes (the quadratic one), unchanged but for its imports. Do not improve it.
/**
 * The spec model's state: what an ideal single-copy log service has shown so far. Plain data only (records and
 * arrays, null-prototype records keyed by user strings, see plain-record.ts), so the lockstep runner can
 * snapshot, hash and print it.
 *
 * The model does not hold "the" log: sends that timed out or are still pending may or may not be in it, so it
 * keeps what was observed about each partition instead — which value sits at which offset (from acks and reads),
 * who sent each value and how that send ended, what was read — and judges every new observation against them.
 */
import type { Op, Partition, Value } from '../../../src/model/history.ts';
import { emptyRecord, getOwn, ownOrInsert, type PlainRecord } from '../../../src/model/plain-record.ts';

/** pending: invoked, not completed (at the end of a history it counts as info). */
export type SendOutcome = 'pending' | 'ok' | 'fail' | 'info';

/** One send micro-op: one record a producer asked to append. */
export interface SendRecord {
  process: string;
  partition: Partition;
  value: Value;
  invokeOp: number;
  completionOp: number | null;
  outcome: SendOutcome;
  /** The offset an ok returned; null when unknown (acks=0) or not ok. */
  offset: number | null;
}

/** Who first showed a value at an offset: a producer's ack or a consumer's read. */
export interface Sighting {
  op: number;
  process: string;
  via: 'ack' | 'read';
}

/** One record a consumer read. */
export interface ReadRecord {
  op: number;
  process: string;
  offset: number;
  value: Value;
}

export interface PartitionState {
  /** offset → value → its first sighting there. Two values at one offset: inconsistent-offsets. */
  valuesAtOffset: PlainRecord<PlainRecord<Sighting>>;
  /** value → offset → its first sighting there. One value at two offsets: duplicate. */
  offsetsOfValue: PlainRecord<PlainRecord<Sighting>>;
  /** value → indices into SpecState.sends of the sends of that value to this partition. */
  sendsOfValue: PlainRecord<number[]>;
  /** value → the first read of it while a send of it to this partition was known (phantom reads excluded). */
  firstReadOfValue: PlainRecord<ReadRecord>;
  /** The first read of the highest offset any poll returned here; Jepsen's lost-write rule compares acks with it. */
  highestRead: ReadRecord | null;
  /** Values already reported as lost-write, aborted-read or phantom: each is reported once per partition. */
  reported: { lost: PlainRecord<true>; aborted: PlainRecord<true>; phantom: PlainRecord<true> };
}

/** An invoked op that has not completed yet (see outstanding-key.ts). */
export interface OutstandingOp {
  op: number;
  f: Op['f'];
  /** For a send: indices into SpecState.sends, one per micro-op, in micro-op order. */
  sendIds: number[];
}

export interface SpecState {
  /** Every send micro-op in invoke order. */
  sends: SendRecord[];
  /** outstanding key → the op. */
  outstanding: PlainRecord<OutstandingOp>;
  /** partition (as a decimal string) → what was observed there. */
  partitions: PlainRecord<PartitionState>;
  /** consumer → partition → the last record it read. No entry: its position is unknown (start, assign, info). */
  lastReads: PlainRecord<PlainRecord<ReadRecord>>;
  /** producer → partition → indices into sends of its ok sends with a known offset, in completion order. */
  acksByProducer: PlainRecord<PlainRecord<number[]>>;
}

export function createSpec(): SpecState {
  return {
    sends: [],
    outstanding: emptyRecord(),
    partitions: emptyRecord(),
    lastReads: emptyRecord(),
    acksByProducer: emptyRecord(),
  };
}

export function partitionState(spec: SpecState, partition: Partition): PartitionState {
  return ownOrInsert(spec.partitions, String(partition), () => ({
    valuesAtOffset: emptyRecord(),
    offsetsOfValue: emptyRecord(),
    sendsOfValue: emptyRecord(),
    firstReadOfValue: emptyRecord(),
    highestRead: null,
    reported: { lost: emptyRecord(), aborted: emptyRecord(), phantom: emptyRecord() },
  }));
}

/** The sends of `value` to `partition`, in invoke order. */
export function sendsOf(spec: SpecState, partition: Partition, value: Value): SendRecord[] {
  const ids = getOwn(partitionState(spec, partition).sendsOfValue, value) ?? [];
  return ids.map((id) => spec.sends[id]!);
}

/** Every send of `value` to `partition` definitely did not happen (and there is at least one). */
export function allSendsFailed(sends: readonly SendRecord[]): boolean {
  return sends.length > 0 && sends.every((s) => s.outcome === 'fail');
}

/** Partitions in numeric order, so everything derived from them is deterministic. */
export function partitionsInOrder(spec: SpecState): Partition[] {
  return Object.keys(spec.partitions)
    .map(Number)
    .sort((a, b) => a - b);
}
