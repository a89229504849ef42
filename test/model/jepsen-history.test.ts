/** Jepsen's Kafka workload ops as kcheck history ops, and the gap rule its histories are checked by. */
import { describe, expect, it } from 'vitest';
import { checkOps } from '../../src/model/check-history.ts';
import type { Op } from '../../src/model/history.ts';
import { jepsenHistory } from '../../src/model/jepsen/jepsen-history.ts';
import { history, poll, runModel, send } from './history-kit.ts';
import { createSpec, finishSpec, observeOp } from '../../src/model/spec.ts';

function convert(...lines: string[]): { ops: Op[]; notes: ReturnType<typeof jepsenHistory>['notes'] } {
  const jepsen = jepsenHistory(lines, 'h.edn');
  return { ops: [...jepsen.ops], notes: jepsen.notes };
}

describe('a Jepsen history', () => {
  it('maps sends and polls one to one, keeping Jepsen’s index and time, tagged or bare', () => {
    const { ops } = convert(
      '#jepsen.history.Op{:index 7, :time 2000000, :type :invoke, :process 3, :f :send, :value [[:send 1 5]]}',
      '{:index 9, :time 3500000, :type :ok, :process 3, :f :send, :value [[:send 1 [12 5]]]}',
      '',
      '; a comment line',
      '{:index 10, :type :invoke, :process 4, :f :poll, :value [[:poll]]}',
      '{:index 11, :type :ok, :process 4, :f :poll, :value [[:poll {"1" [[12 5]] 2 []}]]}',
    );
    expect(ops).toEqual([
      { index: 7, timeMs: 2, process: 'process3', type: 'invoke', f: 'send', value: [['send', 1, '5']] },
      { index: 9, timeMs: 3.5, process: 'process3', type: 'ok', f: 'send', value: [['send', 1, [12, '5']]] },
      { index: 10, timeMs: 3.5, process: 'process4', type: 'invoke', f: 'poll', value: [['poll']] },
      { index: 11, timeMs: 3.5, process: 'process4', type: 'ok', f: 'poll', value: [['poll', { 1: [[12, '5']], 2: [] }]] },
    ]);
  });

  it('splits a :txn into a send of its sends and a poll of its polls; counts it as not checked as a transaction', () => {
    const { ops, notes } = convert(
      '{:index 0, :type :invoke, :process 0, :f :txn, :value [[:send 1 "a"] [:poll] [:send 2 "b"]]}',
      '{:index 1, :type :ok, :process 0, :f :txn, :value [[:send 1 [0 "a"]] [:poll {1 [[0 "a"]]}] [:send 2 [nil "b"]]]}',
    );
    expect(ops.map((op) => [op.index, op.type, op.f])).toEqual([[0, 'invoke', 'send'], [0, 'invoke', 'poll'], [1, 'ok', 'send'], [1, 'ok', 'poll']]);
    expect(ops[2]!.value).toEqual([['send', 1, [0, 'a']], ['send', 2, [null, 'b']]]);
    expect(notes.txnOps).toBe(1);
  });

  it('resets positions at :assign, :subscribe and a :rebalance-log, and skips what it does not model', () => {
    const { ops, notes } = convert(
      '{:type :invoke, :process 0, :f :subscribe, :value [1 2]}',
      '{:type :ok, :process 0, :f :subscribe, :value [1 2]}',
      '{:type :invoke, :process 0, :f :poll, :value [[:poll]]}',
      '{:type :ok, :process 0, :f :poll, :value [[:poll {1 [[4 "x"]]}]], :rebalance-log [{:keys [1]}]}',
      '{:type :info, :process :nemesis, :f :kill, :value :all}',
      '{:type :invoke, :process 1, :f :crash}',
      '{:type :info, :process 1, :f :crash}',
      '{:type :invoke, :process 2, :f :send, :value [[:send 1 "y"]]}',
      '{:type :info, :process 2, :f :send, :value [[:send 1 [3 "y"]]]}',
    );
    expect(ops.map((op) => `${op.index} ${op.process} ${op.type} ${op.f}`)).toEqual([
      '0 process0 invoke assign',
      '1 process0 ok assign',
      '2 process0 invoke poll',
      '3 process0 invoke assign',
      '3 process0 ok assign',
      '3 process0 ok poll',
      '7 process2 invoke send',
      '8 process2 info send',
    ]);
    expect(ops.at(-1)!.value).toEqual([['send', 1, 'y']]);
    expect(notes).toMatchObject({ opCount: 9, subscribeOps: 1, rebalances: 1, unusedSendOffsets: 1, nonClientOps: new Map([['nemesis', 1]]), unmodelledOps: new Map([['crash', 1]]) });
  });

  it('is checked as Jepsen checks offsets: a jump is a skip only over an offset known to hold a record', () => {
    const jumps = history(
      send.invoke('producer0', 0, 'a'),
      send.ok('producer0', 0, 'a', 0),
      send.invoke('producer0', 0, 'b'),
      send.ok('producer0', 0, 'b', 2),
      poll('consumer0', { 0: [[0, 'a'], [2, 'b']] }),
      send.invoke('producer0', 0, 'c'),
      send.ok('producer0', 0, 'c', 3),
      send.invoke('producer0', 0, 'd'),
      send.ok('producer0', 0, 'd', 4),
      poll('consumer0', { 0: [[4, 'd']] }),
    );
    const names = (report: ReturnType<typeof checkOps>) => report.anomalies.map((a) => a.name);
    // Offset 1 holds no known record (a transaction marker, say); offset 3 holds c, acked.
    expect(names(checkOps(jumps.ops, { denseOffsets: false }))).toEqual(['poll-skip', 'lost-write']);
    expect(names(checkOps(jumps.ops))).toEqual(['int-poll-skip', 'poll-skip', 'lost-write']);
    expect(runModel(jumps).map((r) => r.anomaly.name)).toEqual(['int-poll-skip', 'poll-skip', 'lost-write']);
  });

  it('keeps the gap rule through a JSON snapshot of the state', () => {
    const spec = JSON.parse(JSON.stringify(createSpec({ denseOffsets: false }))) as ReturnType<typeof createSpec>;
    const h = history(send.invoke('p', 0, 'a'), send.ok('p', 0, 'a', 0), send.invoke('p', 0, 'b'), send.ok('p', 0, 'b', 2), poll('c', { 0: [[0, 'a'], [2, 'b']] }));
    expect([...h.ops.flatMap((op) => observeOp(spec, op)), ...finishSpec(spec)]).toEqual([]);
  });
});
