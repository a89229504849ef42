/** lost-write (at a final read, and Jepsen's rule at the end) and unseen. */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/model/check-history.ts';
import { acked, history, named, poll, runModel, send, shape } from './history-kit.ts';

describe('lost-write at a final read', () => {
  it('reports an acked value missing from the final read, at the final read', () => {
    const h = history(
      acked('producer0', 0, 'r1', 0), // ops 0, 1
      acked('producer0', 0, 'r2', 1), // ops 2, 3
      poll('consumer0', { 0: [[0, 'r1']] }), // ops 4, 5
      poll('consumer1', { 0: [[0, 'r1']] }, true), // ops 6, 7
    );
    const reported = runModel(h);
    expect(reported.map(shape)).toEqual([{ at: 7, name: 'lost-write', partition: 0, values: ['r2'], offsets: [1], ops: [3, 7] }]);
    expect(reported[0]!.anomaly.message).toBe("producer0's r2, acked at offset 1 of p0 (op 3), is missing from the final read of p0 (op 7)");
  });

  it('reports a value read earlier (its send only timed out) that the final read lacks', () => {
    const h = history(
      send.invoke('producer0', 0, 'r1'), // op 0
      send.info('producer0', 0, 'r1'), // op 1
      poll('consumer0', { 0: [[0, 'r1']] }), // ops 2, 3
      poll('consumer1', { 0: [] }, true), // ops 4, 5
    );
    const found = named(runModel(h), 'lost-write');
    expect(found.map(shape)).toEqual([{ at: 5, name: 'lost-write', partition: 0, values: ['r1'], offsets: [0], ops: [3, 5] }]);
    expect(found[0]!.anomaly.message).toBe("producer0's r1 (send info), read at offset 0 of p0 by consumer0 (op 3), is missing from the final read of p0 (op 5)");
  });

  it('reports an acks=0 value (offset unknown) once, not again at a second final read nor as unseen', () => {
    const h = history(
      acked('producer0', 0, 'r1', null), // ops 0, 1
      poll('consumer1', { 0: [] }, true), // ops 2, 3
      poll('consumer2', { 0: [] }, true), // ops 4, 5
    );
    const reported = runModel(h);
    expect(reported.map(shape)).toEqual([{ at: 3, name: 'lost-write', partition: 0, values: ['r1'], offsets: [], ops: [1, 3] }]);
    expect(reported[0]!.anomaly.message).toContain('acked (offset unknown) on p0 (op 1)');
  });

  it('near miss: a final read covers only the partitions it names', () => {
    const h = history(acked('producer0', 1, 'r1', 0), poll('consumer0', { 1: [[0, 'r1']] }), poll('consumer1', { 0: [] }, true));
    expect(checkHistory(h).anomalies).toEqual([]);
  });

  it('near miss: a failed send that no one read is not lost', () => {
    const h = history(send.invoke('producer0', 0, 'r1'), send.fail('producer0', 0, 'r1'), poll('consumer1', { 0: [] }, true));
    expect(checkHistory(h).anomalies).toEqual([]);
  });
});

describe('lost-write without a final read (Jepsen: a higher offset was read)', () => {
  it('is reported at the end', () => {
    const h = history(
      acked('producer0', 0, 'a', 0), // ops 0, 1
      acked('producer0', 0, 'b', 1), // ops 2, 3
      poll('consumer0', { 0: [[1, 'b']] }), // ops 4, 5
    );
    const reported = runModel(h);
    expect(reported.map(shape)).toEqual([{ at: 'end', name: 'lost-write', partition: 0, values: ['a'], offsets: [0, 1], ops: [1, 5] }]);
    expect(reported[0]!.anomaly.message).toBe("producer0's a, acked at offset 0 of p0 (op 1), was never read, though consumer0 read offset 1 of p0 (op 5)");
  });
});

describe('unseen', () => {
  it('near miss of lost-write: a value missing from a non-final poll, with no later offset read, is only unseen', () => {
    const h = history(
      acked('producer0', 0, 'a', 0), // ops 0, 1
      acked('producer0', 0, 'b', 1), // ops 2, 3
      poll('consumer0', { 0: [[0, 'a']] }), // ops 4, 5
    );
    const reported = runModel(h);
    expect(reported.map(shape)).toEqual([{ at: 'end', name: 'unseen', partition: 0, values: ['b'], offsets: [1], ops: [3] }]);
    expect(reported[0]!.anomaly.message).toBe("producer0's b, acked at offset 1 of p0 (op 3), was never returned by any poll");
  });

  it('near miss: an info or pending send that no poll returned is not unseen', () => {
    const h = history(send.invoke('producer0', 0, 'a'), send.info('producer0', 0, 'a'), send.invoke('producer1', 0, 'b'));
    expect(checkHistory(h).anomalies).toEqual([]);
  });
});
