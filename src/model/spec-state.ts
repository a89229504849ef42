/**
 * The spec model's state: what an ideal single-copy log service has shown so far. Plain data only (records and
 * arrays, null-prototype records keyed by user strings, see plain-record.ts), so the lockstep runner can
 * snapshot, hash and print it.
 *
 * The model does not hold "the" log: sends that timed out or are still pending may or may not be in it, so it
 * keeps what was observed about each partition instead — which value sits at which offset (from acks and reads),
 * who sent each value and how that send ended, what was read — and judges every new observation against them.
 */
import type { Op, Partition, Value } from './history.ts';
import type { AckOrderIndex } from './ack-order-index.ts';
import { emptyRecord, getOwn, ownOrInsert, type PlainRecord } from './plain-record.ts';

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
  /** offset (in decimal) → the values seen there. Two values at one offset: inconsistent-offsets. */
  offsets: PlainRecord<OffsetState>;
  /** value → what was observed about it here. */
  values: PlainRecord<ValueState>;
  /** Values acked or read here, each once, in the order they became so: what a final read must return. A value
   * reported lost leaves it when a final read meets it. */
  mustBeInLog: Value[];
  /** The first read of the highest offset any poll returned here; Jepsen's lost-write rule compares acks with it. */
  highestRead: ReadRecord | null;
}

/** The values seen at one offset, each with its first sighting there, in the order they were first seen. */
export interface OffsetState {
  values: Value[];
  sightings: Sighting[];
}

/**
 * One value on one partition: everything the checker asks about it, in one place so that an observation costs
 * one lookup. Values are meant to be unique per send; a repeated value costs what its repeats add.
 */
export interface ValueState {
  /** The offsets it was seen at, each with its first sighting there, in the order first seen. One value at two
   * offsets: duplicate. */
  offsets: number[];
  offsetSightings: Sighting[];
  /** Indices into SpecState.sends of its sends to this partition, in invoke order; empty for a value no one sent. */
  sendIds: number[];
  failedSendCount: number;
  /** The first of its sends in invoke order that ended ok, or null. */
  firstOkSendId: number | null;
  /** Its first read while a send of it to this partition was known (phantom reads excluded). */
  firstRead: ReadRecord | null;
  /** It is in mustBeInLog, or was. */
  mustBeInLog: boolean;
  /** Already reported as lost-write, aborted-read or phantom: each is reported once per partition. */
  reportedLost: boolean;
  reportedAborted: boolean;
  reportedPhantom: boolean;
}

/** An invoked op that has not completed yet (see outstanding-key.ts). */
export interface OutstandingOp {
  op: number;
  f: Op['f'];
  /** For a send: indices into SpecState.sends, one per micro-op, in micro-op order. */
  sendIds: number[];
}

export interface SpecOptions {
  /** True (the default): the log is dense, so a poll that jumps over an offset skipped a record. False, for
   * Jepsen's Kafka histories, whose transactions leave commit markers at offsets no poll returns: a jump is a
   * skip only when an offset it passes is known (acked or read) to hold a record. */
  denseOffsets?: boolean;
  /** True: a consumer that has not read a partition yet, or was assigned it again, reads it from the log start
   * (Kafka's auto.offset.reset=earliest with no committed offset, as the lockstep runner's consumers do), so its
   * first slice must start at offset 0. False (the default, and Jepsen's histories): that position is unknown. */
  consumersStartAtLogStart?: boolean;
}

/** Where a consumer that has no last read of a partition stands: at the log start, or unknown. */
export type StartPosition = 'logStart' | 'unknown';

export interface SpecState {
  /** See SpecOptions. */
  denseOffsets: boolean;
  /** Every send micro-op in invoke order. */
  sends: SendRecord[];
  /** outstanding key → the op. */
  outstanding: PlainRecord<OutstandingOp>;
  /** partition (as a decimal string) → what was observed there. */
  partitions: PlainRecord<PartitionState>;
  /** consumer → partition → the last record it read. No entry: its position is unknown (start, assign, info). */
  lastReads: PlainRecord<PlainRecord<ReadRecord>>;
  /** See SpecOptions. */
  consumersStartAtLogStart: boolean;
  /** consumer → partition → where it stands before its next read, set by an assign (without a last read). */
  startPositions: PlainRecord<PlainRecord<StartPosition>>;
  /** Consumers whose positions a poll left unknown (it ended info): a partition without a last read or an assign
   * since has no known start. */
  positionsLost: PlainRecord<true>;
  /** producer → partition → its ok sends with a known offset (ack-order-index.ts). */
  acksByProducer: PlainRecord<PlainRecord<AckOrderIndex>>;
}

export function createSpec(options: SpecOptions = {}): SpecState {
  return {
    denseOffsets: options.denseOffsets ?? true,
    sends: [],
    outstanding: emptyRecord(),
    partitions: emptyRecord(),
    lastReads: emptyRecord(),
    consumersStartAtLogStart: options.consumersStartAtLogStart ?? false,
    startPositions: emptyRecord(),
    positionsLost: emptyRecord(),
    acksByProducer: emptyRecord(),
  };
}

export function partitionState(spec: SpecState, partition: Partition): PartitionState {
  return ownOrInsert(spec.partitions, String(partition), () => ({ offsets: emptyRecord(), values: emptyRecord(), mustBeInLog: [], highestRead: null }));
}

/** What is known about `value` on this partition, created empty on first use. */
export function valueState(state: PartitionState, value: Value): ValueState {
  return ownOrInsert(state.values, value, () => ({
    offsets: [],
    offsetSightings: [],
    sendIds: [],
    failedSendCount: 0,
    firstOkSendId: null,
    firstRead: null,
    mustBeInLog: false,
    reportedLost: false,
    reportedAborted: false,
    reportedPhantom: false,
  }));
}

/** Every send of the value definitely did not happen (and there is at least one). */
export function allSendsFailed(value: ValueState): boolean {
  return value.sendIds.length > 0 && value.failedSendCount === value.sendIds.length;
}

/** The send a message names for a value: its first ok send, else its first send. */
export function representativeSend(spec: SpecState, value: ValueState): SendRecord {
  return spec.sends[value.firstOkSendId ?? value.sendIds[0]!]!;
}

/** Records that `value` must be in the log of this partition (it was acked or read there), once. */
export function noteMustBeInLog(state: PartitionState, value: Value, known: ValueState): void {
  if (known.mustBeInLog) return;
  known.mustBeInLog = true;
  state.mustBeInLog.push(value);
}

/** Where `consumer` starts reading `partition` when it has no last read of it. */
export function startPosition(spec: SpecState, consumer: string, partition: Partition): StartPosition {
  const assigned = getOwn(getOwn(spec.startPositions, consumer) ?? emptyRecord<StartPosition>(), String(partition));
  if (assigned !== undefined) return assigned;
  return spec.consumersStartAtLogStart && getOwn(spec.positionsLost, consumer) === undefined ? 'logStart' : 'unknown';
}

/** Partitions in numeric order, so everything derived from them is deterministic. */
export function partitionsInOrder(spec: SpecState): Partition[] {
  return Object.keys(spec.partitions)
    .map(Number)
    .sort((a, b) => a - b);
}
