/**
 * A consumer's first poll of a partition is checked against where it starts: with consumersStartAtLogStart (the
 * lockstep runner's consumers, auto.offset.reset=earliest) a first slice past the log start is a poll-skip; an
 * assign puts the position back at the log start; a poll that ended info leaves it unknown. Without the option
 * (Jepsen's histories) the first position is unknown, as before.
 */
import { describe, expect, it } from 'vitest';
import { acked, assign, history, named, poll, pollTimedOut, runModel } from './history-kit.ts';

const abc = [acked('producer0', 0, 'a', 0), acked('producer0', 0, 'b', 1), acked('producer0', 0, 'c', 2)];
const startsAtLogStart = { consumersStartAtLogStart: true };

describe('a consumer’s first poll against its starting position', () => {
  it('a first slice that starts past the log start skipped records', () => {
    const found = named(runModel(history(...abc, poll('consumer0', { 0: [[2, 'c']] })), startsAtLogStart), 'poll-skip');
    expect(found).toHaveLength(1);
    expect(found[0]!.anomaly.message).toBe("consumer0's poll of p0 (op 7) started at offset 2, skipping offsets 0..1 from the log start, where it starts reading");
  });

  it('near miss: a first slice from offset 0 is fine', () => {
    expect(named(runModel(history(...abc, poll('consumer0', { 0: [[0, 'a'], [1, 'b']] })), startsAtLogStart), 'poll-skip')).toEqual([]);
  });

  it('after an assign the consumer starts again at the log start', () => {
    const h = history(...abc, poll('consumer0', { 0: [[0, 'a']] }), assign('consumer0', [0]), poll('consumer0', { 0: [[1, 'b']] }));
    expect(named(runModel(h, startsAtLogStart), 'poll-skip')).toHaveLength(1);
  });

  it('near miss: after a poll that ended info the position is unknown', () => {
    const h = history(...abc, pollTimedOut('consumer0'), poll('consumer0', { 0: [[2, 'c']] }));
    expect(named(runModel(h, startsAtLogStart), 'poll-skip')).toEqual([]);
  });

  it('without the option (Jepsen’s histories) the first position is unknown', () => {
    expect(named(runModel(history(...abc, poll('consumer0', { 0: [[2, 'c']] }))), 'poll-skip')).toEqual([]);
  });
});
