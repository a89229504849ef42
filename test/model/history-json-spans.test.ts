/** Ops are found in a history's text by their spans, and parse to what JSON.parse of the whole text holds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyJsonSpans } from '../../src/model/history-json-spans.ts';

const SEED = 4_242;

/** The ops as the spans give them, or undefined. */
function opsBySpans(text: string): unknown[] | undefined {
  const spans = historyJsonSpans(text);
  if (spans === undefined) return undefined;
  expect(JSON.parse(spans.skeleton)).toEqual({ ...(JSON.parse(text) as object), ops: [] });
  return spans.starts.map((start, i) => JSON.parse(text.slice(start, spans.ends[i])));
}

describe('historyJsonSpans', () => {
  it('finds each op, whatever strings and nesting the text holds', () => {
    const text = `{ "format": "ops", "x": ["ops", {"ops": [1]}],\n "ops" :\n [ {"v": "a,\\"]}[{", "w": [[1, 2], {"k": "\\\\"}]} ,\n{"v": "]"}, 3 ], "version": 1 }`;
    expect(opsBySpans(text)).toEqual(JSON.parse(text).ops);
  });

  it('gives an empty list no op', () => {
    expect(opsBySpans('{"ops": [ ], "version": 1}')).toEqual([]);
    expect(opsBySpans('{"ops":[]}')).toEqual([]);
  });

  it('agrees with JSON.parse on any JSON history-shaped value', () => {
    const op = fc.record({ s: fc.string({ unit: fc.constantFrom('"', '\\', ',', '[', ']', '{', '}', 'a', ' ', 'é', '\n') }), n: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), (ops, other, pretty) => {
        const text = JSON.stringify({ format: 'kcheck-history', other, ops, version: 1 }, null, pretty ? 2 : undefined);
        expect(opsBySpans(text)).toEqual(ops);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('declines what it does not recognise, so that JSON.parse reports it', () => {
    for (const text of ['{"ops": [1, 2]', '{"ops": [1, 2]}}', '{"ops": [1], "ops": [2]}', '{"\\u006fps": [1]}', '[{"ops": [1]}]x', '{"a": 1}', '"ops"']) {
      const spans = historyJsonSpans(text);
      if (spans !== undefined) expect(() => JSON.parse(spans.skeleton)).toThrow();
    }
    expect(historyJsonSpans('{"ops": [1], "ops": [2]}')).toBeUndefined();
    expect(historyJsonSpans('{"ops": [1, 2]')).toBeUndefined();
  });

  it('leaves an empty element for JSON.parse to refuse', () => {
    const spans = historyJsonSpans('{"ops": [1, ]}')!;
    expect(() => JSON.parse('{"ops": [1, ]}')).toThrow();
    expect(() => spans.starts.map((s, i) => JSON.parse('{"ops": [1, ]}'.slice(s, spans.ends[i])))).toThrow();
  });
});
