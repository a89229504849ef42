/** Consumer positions: poll-skip and nonmonotonic-poll across polls, int-* inside one poll. */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/model/check-history.ts';
import { acked, assign, history, named, poll, pollTimedOut, runModel, shape } from './history-kit.ts';

const abc = [acked('producer0', 0, 'a', 0), acked('producer0', 0, 'b', 1), acked('producer0', 0, 'c', 2)]; // ops 0..5

describe('poll-skip', () => {
  it('is reported when a poll starts past the consumer position', () => {
    const h = history(...abc, poll('consumer0', { 0: [[0, 'a']] }), poll('consumer0', { 0: [[2, 'c']] })); // polls: ops 6, 7 and 8, 9
    const found = named(runModel(h), 'poll-skip');
    expect(found.map(shape)).toEqual([{ at: 9, name: 'poll-skip', partition: 0, values: ['a', 'c'], offsets: [0, 2], ops: [7, 9] }]);
    expect(found[0]!.anomaly.message).toBe("consumer0's poll of p0 (op 9) started at offset 2 after it had read up to offset 0 (op 7), skipping offset 1");
  });

  it('is reported when a final read does not start at the log start', () => {
    const h = history(...abc, poll('consumer1', { 0: [[1, 'b'], [2, 'c']] }, true)); // ops 6, 7
    expect(named(runModel(h), 'poll-skip').map(shape)).toEqual([{ at: 7, name: 'poll-skip', partition: 0, values: ['b'], offsets: [1], ops: [7] }]);
  });

  it('near miss: a poll that continues right after the last read is fine', () => {
    const h = history(...abc, poll('consumer0', { 0: [[0, 'a']] }), poll('consumer0', { 0: [] }), poll('consumer0', { 0: [[1, 'b'], [2, 'c']] }));
    expect(checkHistory(h).anomalies).toEqual([]);
  });

  it('near miss: after an assign the position is unknown, so any start is fine', () => {
    const h = history(...abc, poll('consumer0', { 0: [[0, 'a']] }), assign('consumer0', [0]), poll('consumer0', { 0: [[2, 'c']] }));
    expect(named(runModel(h), 'poll-skip')).toEqual([]);
  });

  it('near miss: after an info poll the position is unknown', () => {
    const h = history(...abc, poll('consumer0', { 0: [[0, 'a']] }), pollTimedOut('consumer0'), poll('consumer0', { 0: [[2, 'c']] }));
    expect(named(runModel(h), 'poll-skip')).toEqual([]);
  });
});

describe('nonmonotonic-poll', () => {
  it('is reported when a poll goes back before the consumer position', () => {
    const h = history(...abc, poll('consumer0', { 0: [[0, 'a'], [1, 'b']] }), poll('consumer0', { 0: [[1, 'b'], [2, 'c']] })); // ops 6, 7 and 8, 9
    const found = named(runModel(h), 'nonmonotonic-poll');
    expect(found.map(shape)).toEqual([{ at: 9, name: 'nonmonotonic-poll', partition: 0, values: ['b', 'b'], offsets: [1, 1], ops: [7, 9] }]);
    expect(found[0]!.anomaly.message).toBe("consumer0's poll of p0 (op 9) went back to offset 1 after it had read up to offset 1 (op 7)");
  });

  it('near miss: a re-read after an assign is fine', () => {
    const h = history(...abc, poll('consumer0', { 0: [[0, 'a'], [1, 'b'], [2, 'c']] }), assign('consumer0', [0]), poll('consumer0', { 0: [[0, 'a'], [1, 'b'], [2, 'c']] }));
    expect(checkHistory(h).anomalies).toEqual([]);
  });

  it('near miss: positions are per consumer', () => {
    const h = history(...abc, poll('consumer0', { 0: [[0, 'a'], [1, 'b'], [2, 'c']] }), poll('consumer1', { 0: [[0, 'a']] }));
    expect(checkHistory(h).anomalies).toEqual([]);
  });
});

describe('int-poll-skip', () => {
  it('is reported when offsets jump inside one poll', () => {
    const h = history(...abc, poll('consumer0', { 0: [[0, 'a'], [2, 'c']] })); // ops 6, 7
    const found = named(runModel(h), 'int-poll-skip');
    expect(found.map(shape)).toEqual([{ at: 7, name: 'int-poll-skip', partition: 0, values: ['a', 'c'], offsets: [0, 2], ops: [7] }]);
    expect(found[0]!.anomaly.message).toBe("consumer0's poll of p0 (op 7) jumped from offset 0 to offset 2 within one poll, skipping offset 1");
  });

  it('near miss: a contiguous slice is fine', () => {
    expect(checkHistory(history(...abc, poll('consumer0', { 0: [[0, 'a'], [1, 'b'], [2, 'c']] }))).anomalies).toEqual([]);
  });
});

describe('int-nonmonotonic-poll', () => {
  it('is reported when offsets do not increase inside one poll', () => {
    const h = history(...abc, poll('consumer0', { 0: [[1, 'b'], [0, 'a']] })); // ops 6, 7
    const found = named(runModel(h), 'int-nonmonotonic-poll');
    expect(found.map(shape)).toEqual([{ at: 7, name: 'int-nonmonotonic-poll', partition: 0, values: ['b', 'a'], offsets: [1, 0], ops: [7] }]);
    expect(found[0]!.anomaly.message).toBe("consumer0's poll of p0 (op 7) returned offset 0 after offset 1 within one poll");
  });

  it('near miss: offsets of different partitions in one poll are independent', () => {
    const h = history(acked('producer0', 0, 'a', 0), acked('producer0', 1, 'x', 0), poll('consumer0', { 0: [[0, 'a']], 1: [[0, 'x']] }));
    expect(checkHistory(h).anomalies).toEqual([]);
  });
});
