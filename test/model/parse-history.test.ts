/** parseHistory accepts the documented format and rejects anything else with one line naming the position. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KcheckInputError } from '../../src/input-error.ts';
import { parseHistory } from '../../src/model/parse-history.ts';
import { acked, assign, history, poll, send } from './history-kit.ts';

function rejection(text: string): string {
  let caught: unknown;
  try {
    parseHistory(text, 'h.json');
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(KcheckInputError);
  const error = caught as KcheckInputError;
  expect(error.kind).toBe('history');
  expect(error.message).not.toContain('\n');
  return error.message;
}

/** A history text whose ops are given as raw JSON values. */
function withOps(...ops: unknown[]): string {
  return JSON.stringify({ format: 'kcheck-history', version: 1, ops });
}

const invokeSend = { index: 0, timeMs: 0, process: 'producer0', type: 'invoke', f: 'send', value: [['send', 0, 'a']] };

describe('parseHistory accepts', () => {
  it('a history written by the kit, unchanged', () => {
    const h = history(acked('producer0', 0, 'a', 0), acked('producer0', 1, 'b', null), assign('consumer0', [0, 1]), poll('consumer0', { 0: [[0, 'a']] }, true), send.invoke('producer1', 0, 'c'));
    expect(parseHistory(JSON.stringify(h), 'h.json')).toEqual(h);
  });

  it('the example histories', () => {
    for (const file of ['examples/histories/valid.json', 'examples/histories/lost-write.json']) {
      expect(parseHistory(readFileSync(file, 'utf8'), file).ops.length).toBeGreaterThan(0);
    }
  });
});

describe('parseHistory rejects, in one line', () => {
  it('truncated JSON', () => {
    expect(rejection('{"format": "kcheck-history", "version": 1, "ops": [')).toMatch(/^history: h\.json is not valid JSON: /);
  });

  it('JSON broken inside one op (read op by op), as JSON.parse of the whole text words it', () => {
    const broken = withOps(invokeSend, { ...invokeSend, index: 1, process: 'producer1' }).replace(/"producer1"/, '"producer1", "x": ');
    const whole = (() => {
      try {
        JSON.parse(broken);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(rejection(broken)).toBe(`history: h.json is not valid JSON: ${whole}`);
  });

  it('a wrong format or version', () => {
    expect(rejection(JSON.stringify({ format: 'jepsen', version: 1, ops: [] }))).toBe('history: h.json: format: must be "kcheck-history", got "jepsen"');
    expect(rejection(JSON.stringify({ format: 'kcheck-history', version: 2, ops: [] }))).toBe('history: h.json: version: must be 1 (the only version this kcheck reads), got 2');
  });

  it('unknown fields, at the top and in an op', () => {
    expect(rejection(JSON.stringify({ format: 'kcheck-history', version: 1, ops: [], extra: 1 }))).toMatch(/^history: h\.json: top level: unknown field "extra"/);
    expect(rejection(withOps({ ...invokeSend, key: 'k' }))).toMatch(/^history: h\.json: ops\[0\]: unknown field "key"/);
  });

  it('an unknown op type or f', () => {
    expect(rejection(withOps({ ...invokeSend, type: 'timeout' }))).toBe('history: h.json: ops[0].type: must be one of invoke, ok, fail, info, got "timeout"');
    expect(rejection(withOps({ ...invokeSend, f: 'txn' }))).toBe('history: h.json: ops[0].f: must be one of send, poll, assign, got "txn"');
  });

  it('indices that are not dense, and time going backwards', () => {
    expect(rejection(withOps({ ...invokeSend, index: 1 }))).toMatch(/^history: h\.json: ops\[0\]\.index: must be 0 /);
    const ok = { ...invokeSend, index: 1, type: 'ok', value: [['send', 0, [0, 'a']]] };
    expect(rejection(withOps({ ...invokeSend, timeMs: 5 }, { ...ok, timeMs: 4 }))).toMatch(/^history: h\.json: ops\[1\]\.timeMs: 4 is earlier than the previous op's 5/);
  });

  it('a completion without an invoke, or of another f', () => {
    expect(rejection(withOps({ ...invokeSend, type: 'ok', value: [['send', 0, [0, 'a']]] }))).toBe(
      "history: h.json: ops[0]: producer0's ok send completes nothing: producer0 has no outstanding send with these records",
    );
    expect(rejection(withOps(invokeSend, { index: 1, timeMs: 1, process: 'producer0', type: 'ok', f: 'poll', value: [['poll', {}]] }))).toBe(
      "history: h.json: ops[1]: producer0's ok poll completes nothing: producer0 has no outstanding poll with these records",
    );
  });

  it('a second invoke of the same records while the first is outstanding', () => {
    expect(rejection(withOps(invokeSend, { ...invokeSend, index: 1 }))).toMatch(/^history: h\.json: ops\[1\]: producer0 invokes a send while the same send invoked at ops\[0\] is still outstanding/);
  });

  it('accepts several sends outstanding at once (an asynchronous producer), completed in any order', () => {
    const second = { ...invokeSend, index: 1, value: [['send', 0, 'b']] };
    const history = parseHistory(
      JSON.stringify({
        format: 'kcheck-history',
        version: 1,
        ops: [invokeSend, second, { ...second, index: 2, type: 'ok', value: [['send', 0, [0, 'b']]] }, { ...invokeSend, index: 3, type: 'ok', value: [['send', 0, [1, 'a']]] }],
      }),
      'h.json',
    );
    expect(history.ops).toHaveLength(4);
  });

  it('a completion that names other records than its invoke', () => {
    expect(rejection(withOps(invokeSend, { ...invokeSend, index: 1, type: 'ok', value: [['send', 0, [0, 'b']]] }))).toBe(
      "history: h.json: ops[1]: producer0's ok send completes nothing: producer0 has no outstanding send with these records",
    );
  });

  it('bad micro-ops', () => {
    expect(rejection(withOps({ ...invokeSend, value: [['send', 0]] }))).toBe(
      'history: h.json: ops[0].value[0]: a send micro-op needs ["send", partition, value] on invoke, fail and info, got ["send",0]',
    );
    expect(rejection(withOps(invokeSend, { ...invokeSend, index: 1, type: 'ok', value: [['send', 0, 'a']] }))).toMatch(/^history: h\.json: ops\[1\]\.value\[0\]\[2\]: a send micro-op needs \["send", partition, \[offset or null, value\]\] on an ok/);
    expect(rejection(withOps({ ...invokeSend, value: [['send', -1, 'a']] }))).toBe('history: h.json: ops[0].value[0][1]: a partition must be a whole number ≥ 0, got -1');
    expect(rejection(withOps({ ...invokeSend, value: [] }))).toBe('history: h.json: ops[0].value: a send needs a non-empty list of micro-ops, got []');
    const pollInvoke = { index: 0, timeMs: 0, process: 'consumer0', type: 'invoke', f: 'poll', value: [['poll']] };
    const pollOk = { ...pollInvoke, index: 1, type: 'ok' };
    expect(rejection(withOps(pollInvoke, { ...pollOk, value: [['poll', { p0: [] }]] }))).toMatch(/^history: h\.json: ops\[1\]\.value\[0\]\[1\]\["p0"\]: a partition key must be a whole number/);
    expect(rejection(withOps(pollInvoke, { ...pollOk, value: [['poll', { 0: [[null, 'a']] }]] }))).toMatch(/^history: h\.json: ops\[1\]\.value\[0\]\[1\]\["0"\]\[0\]: a polled record needs \[offset, value\]/);
  });

  it('final anywhere but on a poll ok, and error on invoke or ok', () => {
    expect(rejection(withOps({ ...invokeSend, final: true }))).toMatch(/^history: h\.json: ops\[0\]\.final: is a boolean allowed only on a poll ok/);
    expect(rejection(withOps({ ...invokeSend, error: 'X' }))).toMatch(/^history: h\.json: ops\[0\]\.error: is a string allowed only on fail and info/);
  });
});
