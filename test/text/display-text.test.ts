/**
 * src/text/display-text.ts: which characters are escaped and how, how long values are elided, and the contracts
 * every display relies on — no raw unsafe character out, escaping twice is escaping once, JSON parses back the
 * same. The properties run a fixed number of strings of any code points, lone surrogates included (seed 1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayJson, displayText, displayValue, quoteValue } from '../../src/text/display-text.ts';
import { RAW_UNSAFE } from '../trace/trace-kit.ts';

const ANY_TEXT = fc.string({ unit: 'binary', maxLength: 80 });
/** Long enough to be cut: thousands of characters, many of them to escape. */
const LONG_TEXT = fc.array(fc.constantFrom('a', '\u0000', '\u202e', '😀', '\\', 'x'), { minLength: 1000, maxLength: 6000 }).map((parts) => parts.join(''));
const RUNS = { seed: 1, numRuns: 500 };

describe('displayText', () => {
  it.each([
    ['\u001b]0;pwned\u0007', '\\x1b]0;pwned\\x07'],
    ['a\u0000b\u007fc\u0085d\u009be', 'a\\x00b\\x7fc\\x85d\\x9be'],
    ['line\nnext\r\ttab', 'line\\nnext\\r\\ttab'],
    ['\u202aLRE \u202bRLE \u202cPDF \u202dLRO \u202eRLO', '\\u202aLRE \\u202bRLE \\u202cPDF \\u202dLRO \\u202eRLO'],
    ['\u2066LRI \u2067RLI \u2068FSI \u2069PDI \u200eLRM \u200fRLM \u061cALM', '\\u2066LRI \\u2067RLI \\u2068FSI \\u2069PDI \\u200eLRM \\u200fRLM \\u061cALM'],
    ['zero\u200bwidth\u200c\u200d\u2060\ufeff soft\u00adhyphen \u3164filler', 'zero\\u200bwidth\\u200c\\u200d\\u2060\\ufeff soft\\xadhyphen \\u3164filler'],
    ['sep\u2028ara\u2029tors', 'sep\\u2028ara\\u2029tors'],
    ['tag \u{e0041} and a lone \ud800 surrogate', 'tag \\u{e0041} and a lone \\ud800 surrogate'],
  ])('escapes %j', (text, shown) => {
    expect(displayText(text)).toBe(shown);
  });

  it('leaves ordinary text as it is: accents, CJK, emoji, arrows, backslashes and quotes', () => {
    const text = 'café → 日本語 😀 \\x1b "quoted" · ✗ …';
    expect(displayText(text)).toBe(text);
  });

  it('cuts a text past 4,000 characters to its first 2,000, with its length', () => {
    expect(displayText('é'.repeat(5000))).toBe(`${'é'.repeat(2000)}… (5,000 chars)`);
    expect(displayText('x'.repeat(4000))).toBe('x'.repeat(4000));
  });

  it('counts the escapes in that length, and never leaves half an escape at the cut', () => {
    const shown = displayText('\u0000'.repeat(5000));
    expect(shown).toBe(`${'\\x00'.repeat(500)}… (5,000 chars)`);
    expect(displayText(`a${'\u202e'.repeat(3000)}`)).toMatch(/^a(\\u202e)+… \(3,001 chars\)$/);
    expect(displayText('\u{e0041}'.repeat(3000))).toMatch(/^(\\u\{e0041\})+… \(3,000 chars\)$/);
    expect(displayText(shown)).toBe(shown);
  });

  it('lets no unsafe character through, and escaping twice is escaping once', () => {
    fc.assert(
      fc.property(fc.oneof(ANY_TEXT, LONG_TEXT), (text) => {
        const shown = displayText(text);
        expect(shown).not.toMatch(RAW_UNSAFE);
        expect(shown).not.toMatch(/\p{Cs}/u);
        expect(displayText(shown)).toBe(shown);
      }),
      RUNS,
    );
  });
});

describe('quoteValue and displayValue', () => {
  it('quote a value with its quotes and backslashes escaped, so the quoted form names one value', () => {
    expect(quoteValue('a"b\\c\u202e', 64)).toBe('"a\\"b\\\\c\\u202e"');
    expect(quoteValue('', 64)).toBe('""');
  });

  it('elide a long value after charsMax − 1 characters, with its length in thousands', () => {
    expect(quoteValue('a'.repeat(1 << 20), 24)).toBe(`"${'a'.repeat(23)}…" (1,048,576 chars)`);
    expect(displayValue('a'.repeat(25), 24)).toBe(`"${'a'.repeat(23)}…" (25 chars)`);
    expect(displayValue('a'.repeat(24), 24)).toBe('a'.repeat(24));
  });

  it('count and cut by code points, never splitting a surrogate pair', () => {
    expect(displayValue('😀'.repeat(24), 24)).toBe('😀'.repeat(24));
    expect(displayValue('😀'.repeat(30), 24)).toBe(`"${'😀'.repeat(23)}…" (30 chars)`);
  });

  it('show a value bare only when that shows it exactly', () => {
    expect(displayValue('hello world', 24)).toBe('hello world');
    expect(displayValue('r1\u001b', 24)).toBe('"r1\\x1b"');
  });

  it('never let an unsafe character through', () => {
    fc.assert(
      fc.property(ANY_TEXT, fc.integer({ min: 1, max: 40 }), (value, charsMax) => {
        expect(displayValue(value, charsMax)).not.toMatch(RAW_UNSAFE);
        expect(displayValue(value, charsMax)).not.toMatch(/\p{Cs}/u);
      }),
      RUNS,
    );
  });
});

describe('displayJson', () => {
  it('writes unsafe characters as JSON escapes and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.array(ANY_TEXT, { maxLength: 4 }), fc.constantFrom(undefined, 2), (values, space) => {
        const json = displayJson({ values }, space);
        expect(json).not.toMatch(/[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|\p{Cs}/u);
        expect(JSON.parse(json)).toEqual({ values });
      }),
      RUNS,
    );
  });

  it('keeps its layout: newlines between fields stay newlines', () => {
    expect(displayJson({ a: '\u202e\n' }, 2)).toBe('{\n  "a": "\\u202e\\n"\n}');
  });
});
