/** inconsistent-offsets and duplicate: one offset holds one value, one value sits at one offset. */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/model/check-history.ts';
import { acked, assign, history, named, poll, runModel, send, shape } from './history-kit.ts';

describe('inconsistent-offsets', () => {
  it('is reported where a read contradicts an ack at the same offset, once per value pair', () => {
    const h = history(
      acked('producer0', 0, 'a', 0), // ops 0, 1
      send.invoke('producer1', 0, 'b'), // op 2
      poll('consumer0', { 0: [[0, 'b']] }), // ops 3, 4
      assign('consumer0', [0]), // ops 5, 6
      poll('consumer0', { 0: [[0, 'b']] }), // ops 7, 8: the same pair again
    );
    const found = named(runModel(h), 'inconsistent-offsets');
    expect(found.map(shape)).toEqual([{ at: 4, name: 'inconsistent-offsets', partition: 0, values: ['a', 'b'], offsets: [0], ops: [1, 4] }]);
    expect(found[0]!.anomaly.message).toBe("offset 0 of p0 holds two values: a (producer0's ack, op 1) and b (read by consumer0, op 4)");
  });

  it('is reported between two acks', () => {
    const h = history(acked('producer0', 0, 'a', 3), acked('producer1', 0, 'b', 3));
    expect(named(runModel(h), 'inconsistent-offsets').map(shape)).toEqual([{ at: 3, name: 'inconsistent-offsets', partition: 0, values: ['a', 'b'], offsets: [3], ops: [1, 3] }]);
  });

  it('near miss: the same offset of two partitions holds two values', () => {
    const h = history(acked('producer0', 0, 'a', 0), acked('producer1', 1, 'b', 0), poll('consumer0', { 0: [[0, 'a']], 1: [[0, 'b']] }));
    expect(checkHistory(h).anomalies).toEqual([]);
  });
});

describe('duplicate', () => {
  it('is reported where a value shows up at a second offset', () => {
    const h = history(
      acked('producer0', 0, 'a', 0), // ops 0, 1
      acked('producer0', 0, 'b', 1), // ops 2, 3
      poll('consumer0', { 0: [[0, 'a'], [1, 'b'], [2, 'a']] }), // ops 4, 5
    );
    const found = named(runModel(h), 'duplicate');
    expect(found.map(shape)).toEqual([{ at: 5, name: 'duplicate', partition: 0, values: ['a'], offsets: [0, 2], ops: [1, 5] }]);
    expect(found[0]!.anomaly.message).toBe("a appears at two offsets of p0: 0 (producer0's ack, op 1) and 2 (read by consumer0, op 5)");
  });

  it('near miss: the same offset re-read after a new assign is not a duplicate', () => {
    const h = history(
      acked('producer0', 0, 'a', 0),
      poll('consumer0', { 0: [[0, 'a']] }),
      assign('consumer0', [0]),
      poll('consumer0', { 0: [[0, 'a']] }),
    );
    expect(checkHistory(h).anomalies).toEqual([]);
  });

  it('near miss: a value sent twice may sit at two offsets (values are meant to be unique)', () => {
    const h = history(acked('producer0', 0, 'a', 0), acked('producer0', 0, 'a', 1), poll('consumer0', { 0: [[0, 'a'], [1, 'a']] }));
    expect(checkHistory(h).anomalies).toEqual([]);
  });
});
