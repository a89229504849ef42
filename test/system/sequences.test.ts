/**
 * The idempotent-producer bookkeeping a replica rebuilds from its log after a restart or a truncation: walking the log
 * from its end must leave exactly what recording it from the start leaves (the last sequence and the newest runs of
 * every producer), whatever the log holds — interleaved producers, gaps, repeats, more runs than are kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProducerSequenceState } from '../../src/system/broker/broker-state.ts';
import { rebuildSequences, recordSequences } from '../../src/system/broker/sequences.ts';
import { NO_PRODUCER_ID, type LogRecord } from '../../src/system/protocol/records.ts';

/** A log of `entries` (producer id, sequence step): offsets are positions, sequences mostly run on, sometimes jump. */
const logArbitrary = fc.array(fc.tuple(fc.constantFrom(NO_PRODUCER_ID, 1000, 1001, 1102), fc.constantFrom(1, 1, 1, 0, 2, -3)), { maxLength: 60 }).map((entries) => {
  const next = new Map<number, number>();
  return entries.map(([producerId, step], offset): LogRecord => {
    const sequence = producerId === NO_PRODUCER_ID ? -1 : Math.max(0, (next.get(producerId) ?? -1) + step);
    if (producerId !== NO_PRODUCER_ID) next.set(producerId, sequence);
    return { offset, leaderEpoch: 1, key: null, value: `v${offset}`, producerId, sequence };
  });
});

function recordedFromTheStart(log: readonly LogRecord[]): Record<number, ProducerSequenceState> {
  const producers: Record<number, ProducerSequenceState> = {};
  recordSequences(producers, log);
  return producers;
}

describe('rebuildSequences', () => {
  it('property: walking back from the end gives what recording from the start gives (fast-check reports the seed)', () => {
    fc.assert(
      fc.property(logArbitrary, (log) => {
        expect(JSON.stringify(rebuildSequences(log))).toBe(JSON.stringify(recordedFromTheStart(log)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps only the newest five runs of a producer whose batches were interleaved with another one', () => {
    // Arrange: producer 1000's records alternate with non-idempotent ones, so each of its seven records is a run.
    const log: LogRecord[] = Array.from({ length: 14 }, (_, offset) => ({
      offset,
      leaderEpoch: 1,
      key: null,
      value: `v${offset}`,
      producerId: offset % 2 === 0 ? 1000 : NO_PRODUCER_ID,
      sequence: offset % 2 === 0 ? offset / 2 : -1,
    }));

    // Act
    const rebuilt = rebuildSequences(log);

    // Assert
    expect(rebuilt[1000]!.lastSequence).toBe(6);
    expect(rebuilt[1000]!.runs.map((r) => r.firstSequence)).toEqual([2, 3, 4, 5, 6]);
    expect(rebuilt).toEqual(recordedFromTheStart(log));
  });
});
