/** nonmonotonic-send, aborted-read and phantom: what producers were told against what consumers read. */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/model/check-history.ts';
import { acked, history, named, poll, runModel, send, shape, type Draft } from './history-kit.ts';

describe('nonmonotonic-send', () => {
  it('is reported when a later send of a producer is acked at a lower offset', () => {
    const h = history(acked('producer0', 0, 'a', 1), acked('producer0', 0, 'b', 0)); // ops 0, 1 and 2, 3
    const found = named(runModel(h), 'nonmonotonic-send');
    expect(found.map(shape)).toEqual([{ at: 3, name: 'nonmonotonic-send', partition: 0, values: ['a', 'b'], offsets: [1, 0], ops: [1, 3] }]);
    expect(found[0]!.anomaly.message).toBe("producer0 sent a before b to p0, but b was acked at offset 0 (op 3), not after a's offset 1 (op 1)");
  });

  it('is reported inside one batch op, in micro-op order', () => {
    const batch: Draft[] = [
      { process: 'producer0', type: 'invoke', f: 'send', value: [['send', 0, 'a'], ['send', 0, 'b']] },
      { process: 'producer0', type: 'ok', f: 'send', value: [['send', 0, [1, 'a']], ['send', 0, [0, 'b']]] },
    ];
    expect(named(runModel(history(batch)), 'nonmonotonic-send').map(shape)).toEqual([{ at: 1, name: 'nonmonotonic-send', partition: 0, values: ['a', 'b'], offsets: [1, 0], ops: [1] }]);
  });

  it('near miss: different producers, different partitions, or unknown offsets may interleave', () => {
    const h = history(
      acked('producer0', 0, 'a', 1),
      acked('producer1', 0, 'b', 0),
      acked('producer0', 1, 'c', 0),
      acked('producer0', 0, 'd', null),
    );
    expect(named(runModel(h), 'nonmonotonic-send')).toEqual([]);
  });
});

describe('aborted-read', () => {
  it('is reported at the poll when the fail came first', () => {
    const h = history(send.invoke('producer0', 0, 'a'), send.fail('producer0', 0, 'a'), poll('consumer0', { 0: [[0, 'a']] })); // 0, 1, 2, 3
    const found = named(runModel(h), 'aborted-read');
    expect(found.map(shape)).toEqual([{ at: 3, name: 'aborted-read', partition: 0, values: ['a'], offsets: [0], ops: [1, 3] }]);
    expect(found[0]!.anomaly.message).toBe("consumer0 read a at offset 0 of p0 (op 3), but producer0's send of it had failed (op 1)");
  });

  it('is reported at the fail when the read came first', () => {
    const h = history(send.invoke('producer0', 0, 'a'), poll('consumer0', { 0: [[0, 'a']] }), send.fail('producer0', 0, 'a')); // 0, 1, 2, 3
    const found = named(runModel(h), 'aborted-read');
    expect(found.map(shape)).toEqual([{ at: 3, name: 'aborted-read', partition: 0, values: ['a'], offsets: [0], ops: [2, 3] }]);
    expect(found[0]!.anomaly.message).toBe("consumer0 read a at offset 0 of p0 (op 2), but producer0's send of it failed (op 3)");
  });

  it('near miss: reading an info (timed out) or still pending send is fine', () => {
    const h = history(
      send.invoke('producer0', 0, 'a'),
      send.info('producer0', 0, 'a'),
      send.invoke('producer1', 0, 'b'),
      poll('consumer0', { 0: [[0, 'a'], [1, 'b']] }),
    );
    expect(checkHistory(h).anomalies).toEqual([]);
  });
});

describe('phantom', () => {
  it('is reported at the poll that returns a value nobody sent there, and a later send does not excuse it', () => {
    const h = history(
      poll('consumer0', { 0: [[0, 'z']] }), // ops 0, 1
      acked('producer0', 0, 'z', 0), // ops 2, 3
    );
    const found = named(runModel(h), 'phantom');
    expect(found.map(shape)).toEqual([{ at: 1, name: 'phantom', partition: 0, values: ['z'], offsets: [0], ops: [1] }]);
    expect(found[0]!.anomaly.message).toBe('consumer0 read z at offset 0 of p0 (op 1), but no send of z to p0 had been invoked');
  });

  it('is reported for a value sent to another partition', () => {
    const h = history(acked('producer0', 1, 'a', 0), poll('consumer0', { 0: [[0, 'a']], 1: [[0, 'a']] }));
    expect(named(runModel(h), 'phantom').map(shape)).toEqual([{ at: 3, name: 'phantom', partition: 0, values: ['a'], offsets: [0], ops: [3] }]);
  });

  it('near miss: a value whose send was invoked (still pending) before the read is not a phantom', () => {
    const h = history(send.invoke('producer0', 0, 'a'), poll('consumer0', { 0: [[0, 'a']] }));
    expect(checkHistory(h).anomalies).toEqual([]);
  });
});
