/**
 * Idempotent-producer bookkeeping on a replica: the last sequence each producer id appended and the latest
 * runs of sequences with their offsets, so a retried batch is recognised as a duplicate and answered with the
 * offset it first got. Rebuilt from the log after a restart or a truncation, as Kafka rebuilds its
 * producer state from the log's batch headers.
 */
import type { LogRecord } from '../protocol/records.ts';
import { NO_PRODUCER_ID } from '../protocol/records.ts';
import type { ProducerSequenceState, SequenceRun } from './broker-state.ts';

const RUNS_KEPT_MAX = 5;

export type SequenceVerdict =
  | { kind: 'append' }
  | { kind: 'duplicate'; baseOffset: number }
  | { kind: 'outOfOrder' };

/** Reference check: a batch continues the producer's sequence, repeats a remembered run, or is out of order. */
export function checkSequence(
  producers: Readonly<Record<number, ProducerSequenceState>>,
  producerId: number,
  baseSequence: number,
  recordCount: number,
): SequenceVerdict {
  if (producerId === NO_PRODUCER_ID) return { kind: 'append' };
  const known = producers[producerId];
  if (!known) return baseSequence === 0 ? { kind: 'append' } : { kind: 'outOfOrder' };
  if (baseSequence === known.lastSequence + 1) return { kind: 'append' };
  const lastSequence = baseSequence + recordCount - 1;
  const run = known.runs.find((r) => r.firstSequence <= baseSequence && lastSequence <= r.lastSequence);
  if (run) return { kind: 'duplicate', baseOffset: run.baseOffset + (baseSequence - run.firstSequence) };
  return { kind: 'outOfOrder' };
}

export function recordSequences(producers: Record<number, ProducerSequenceState>, records: readonly LogRecord[]): void {
  for (const record of records) {
    if (record.producerId === NO_PRODUCER_ID) continue;
    const state = (producers[record.producerId] ??= { lastSequence: -1, runs: [] });
    const last = state.runs[state.runs.length - 1];
    const continuesRun = last && last.lastSequence + 1 === record.sequence && last.baseOffset + (record.sequence - last.firstSequence) === record.offset;
    if (continuesRun) last.lastSequence = record.sequence;
    else state.runs.push({ firstSequence: record.sequence, lastSequence: record.sequence, baseOffset: record.offset });
    if (state.runs.length > RUNS_KEPT_MAX) state.runs.shift();
    state.lastSequence = record.sequence;
  }
}

/** A producer's newest runs while `rebuildSequences` walks back: the run being extended and the record it starts at. */
interface RunsFromTheEnd {
  state: ProducerSequenceState;
  /** Finished runs, newest first. */
  runs: SequenceRun[];
  current: SequenceRun;
  /** The producer's record met last, i.e. the earliest seen so far, which `current` starts at. */
  earliest: LogRecord;
}

/**
 * What `recordSequences` leaves after the whole log, found from its end: a producer keeps only its last sequence and
 * its newest RUNS_KEPT_MAX runs, so once those are found its older records need no work, and a restart or a
 * truncation costs one light pass over the log. A record continues the run of the producer's next record when the
 * two are adjacent in the log with consecutive sequences, which is `recordSequences`'s rule seen from the other end.
 */
export function rebuildSequences(log: readonly LogRecord[]): Record<number, ProducerSequenceState> {
  const producers: Record<number, ProducerSequenceState> = {};
  const walking = new Map<number, RunsFromTheEnd>();
  for (let i = log.length - 1; i >= 0; i--) {
    const record = log[i]!;
    if (record.producerId === NO_PRODUCER_ID) continue;
    const walk = walking.get(record.producerId);
    if (!walk) {
      const state: ProducerSequenceState = { lastSequence: record.sequence, runs: [] };
      producers[record.producerId] = state;
      walking.set(record.producerId, { state, runs: [], current: newRun(record), earliest: record });
    } else if (walk.runs.length < RUNS_KEPT_MAX) {
      takeEarlier(walk, record);
    }
  }
  for (const walk of walking.values()) {
    if (walk.runs.length < RUNS_KEPT_MAX) walk.runs.push(walk.current);
    walk.state.runs = walk.runs.reverse();
  }
  return producers;
}

function newRun(record: LogRecord): SequenceRun {
  return { firstSequence: record.sequence, lastSequence: record.sequence, baseOffset: record.offset };
}

function takeEarlier(walk: RunsFromTheEnd, record: LogRecord): void {
  if (record.sequence + 1 === walk.earliest.sequence && record.offset + 1 === walk.earliest.offset) {
    walk.current.firstSequence = record.sequence;
    walk.current.baseOffset = record.offset;
  } else {
    walk.runs.push(walk.current);
    walk.current = newRun(record);
  }
  walk.earliest = record;
}
