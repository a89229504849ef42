/**
 * `kcheck history --jepsen FILE` through the real command line, on small histories written as Jepsen's Kafka
 * workload writes history.edn (examples/histories/jepsen/): exit 0 on a valid one, 1 on a lost write and on a
 * duplicate, 2 with a one-line reason naming the file and line on a malformed one; what is not checked is listed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { main } from '../../src/cli/main.ts';

let log: MockInstance<typeof console.log>;
let error: MockInstance<typeof console.error>;
beforeEach(() => {
  log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  log.mockRestore();
  error.mockRestore();
});

const printed = () => log.mock.calls.map((c) => c.join(' ')).join('\n');
const errors = () => error.mock.calls.map((c) => c.join(' ')).join('\n');
const dir = 'examples/histories/jepsen';

describe('kcheck history --jepsen', () => {
  it('exits 0 on a valid history and lists, once each, what it did not check', async () => {
    expect(await main(['history', '--jepsen', `${dir}/valid.edn`])).toBe(0);
    const lines = printed().split('\n');
    expect(lines[0]).toBe('valid: 33 ops, no anomalies');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^checked as Jepsen does: offsets may have gaps/),
      'not checked: 3 ops of processes that are not clients (nemesis 3): they act on the cluster, not on its log',
      'not checked: 2 client ops of kinds kcheck does not model (crash 1, debug-topic-partitions 1)',
      expect.stringMatching(/^not checked: what makes the :txn op a transaction — atomicity across keys/),
      "not checked: poll order across a consumer group's moves: positions start over at 1 :subscribe op and 1 :rebalance-log",
    ]);
    expect(errors()).toBe('');
  });

  it('exits 1 on a lost write, naming Jepsen’s processes, keys and op indices', async () => {
    expect(await main(['history', '--jepsen', `${dir}/lost-write.edn`])).toBe(1);
    expect(printed()).toMatch(/^invalid: 35 ops, 2 anomalies \(lost-write 1, poll-skip 1\)$/m);
    expect(printed()).toContain("process0's 7, acked at offset 3 of p1 (op 20), was never read, though process2 read offset 4 of p1 (op 34)");
  });

  it('exits 1 on a duplicate', async () => {
    expect(await main(['history', '--jepsen', `${dir}/duplicate.edn`])).toBe(1);
    expect(printed()).toContain('5 appears at two offsets of p1: 2 (read by process2, op 16) and 4 (read by process5, op 28)');
  });

  it('writes the notes into the JSON report', async () => {
    expect(await main(['history', '--jepsen', '--json', `${dir}/duplicate.edn`])).toBe(1);
    const report = JSON.parse(printed());
    expect(report).toMatchObject({ valid: false, opCount: 33, counts: { duplicate: 1 } });
    expect(report.notes).toHaveLength(5);
  });

  it('exits 2 with one line naming the file and line of a malformed history, never a stack trace', async () => {
    expect(await main(['history', '--jepsen', `${dir}/malformed.edn`])).toBe(2);
    expect(errors()).toBe(`kcheck: history: ${dir}/malformed.edn: line 21: not valid EDN: it is not one whole EDN value (a bracket or a quote is left open, or closes what it did not open)`);
    expect(printed()).toBe('');
  });

  it.each([
    ['{:type :invoke, :f :send, :value [[:send :x 1]], :process 0}', 'line 1: a key must be a whole number ≥ 0 (kcheck names partitions by number), got :x'],
    ['{:type :ok, :f :send, :value [[:send 1 [0 1]]], :process 0}', "line 1: process0's :ok :send completes nothing: process0 has no outstanding op"],
    ['[1 2]', 'line 1: an op must be a map {:type …, :f …, :value …, :process …} (or #jepsen.history.Op{…}), got [1 2]'],
    ['{:type :invoke, :f :poll, :value [[:poll]], :process 0}\n{:type :ok, :f :poll, :value [[:poll {1 [[nil 5]]}]], :process 0}', 'line 2: a polled record needs its offset, got [nil 5]'],
    ['{:type :invoke, :f :send, :value [[:send 1 5]], :process 0}\n{:type :ok, :f :send, :value [[:send 1 [0 6]]], :process 0}', 'line 2: :value[0]: completes ["send",1,"5"] of its invoke at line 1 but names partition 1 and value "6"'],
    ['{:type :invoke, :f :send, :value [[:send 1 5]], :process 0}\n{:type :invoke, :f :poll, :value [[:poll]], :process 0}', 'line 2: process0 invokes :poll while its :send from line 1 is outstanding (a Jepsen process runs one op at a time)'],
    ['{:type :invoke :f :send}}', 'line 1: not valid EDN: a closing bracket closes nothing'],
  ])('refuses %j with one line', async (text, reason) => {
    const file = join(mkdtempSync(join(tmpdir(), 'kcheck-jepsen-')), 'history.edn');
    writeFileSync(file, `${text}\n`);
    expect(await main(['history', '--jepsen', file])).toBe(2);
    expect(errors()).toBe(`kcheck: history: ${file}: ${reason}`);
  });

  it('says so in its usage', async () => {
    expect(await main(['history', '--help'])).toBe(0);
    expect(printed()).toContain('kcheck history FILE [--json] [--jepsen]');
    expect(printed()).toContain('Jepsen Kafka workload history.edn');
  });
});
