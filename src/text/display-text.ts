/**
 * Untrusted text made safe to show: record values, keys, node and broker ids, and the messages built from them
 * reach terminals, Markdown and HTML. Control characters (C0, DEL, C1), bidi controls and other invisible
 * formatting characters, line and paragraph separators and lone surrogates are written as escapes (`\x1b`,
 * `\u202e`), and a long text or value is elided with its length. It changes how text looks, never data: traces
 * and histories keep their values raw, and `displayJson` still parses back to the same value.
 */

/** What a terminal or a renderer would act on, or draw as nothing: Cc (C0, DEL, C1), Cf (bidi controls, zero-width
 * characters, soft hyphen, BOM, tags…), Zl/Zp (U+2028/U+2029), Cs (a lone surrogate), and the Hangul fillers,
 * letters that are drawn as blanks. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u115f\u1160\u3164\uffa0]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');
const QUOTED_UNSAFE_ALL = new RegExp(`[\\\\"]|${UNSAFE.source}`, 'gu');

/** A prose text that shows longer than this (in code points, escapes included) is cut to its first
 * TEXT_CHARS_KEPT; the cut text is well below the limit, so escaping an escaped text changes nothing. */
const TEXT_CHARS_MAX = 4000;
const TEXT_CHARS_KEPT = 2000;

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/** `\x1b`, `\u202e`, `\u{e0001}`: JavaScript's notation, short for the characters most often met. */
function escapeCharacter(c: string): string {
  const short = SHORT_ESCAPES[c];
  if (short) return short;
  const code = c.codePointAt(0)!;
  if (code <= 0xff) return `\\x${hex(code, 2)}`;
  return code <= 0xffff ? `\\u${hex(code, 4)}` : `\\u{${hex(code, 5)}}`;
}

/** "1,048,576": the same in every locale. */
function thousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The number of code points, and the first `keep` of them (never half a surrogate pair). One pass, no array:
 * a value may be a megabyte, and is shown many times. */
function measure(text: string, keep: number): { length: number; head: string } {
  let length = 0;
  let headEnd = text.length;
  for (let i = 0; i < text.length; i++) {
    if (length === keep) headEnd = i;
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    length++;
  }
  return { length, head: text.slice(0, headEnd) };
}

function lengthNote(length: number): string {
  return ` (${thousands(length)} chars)`;
}

function escapeQuoted(text: string): string {
  return text.replace(QUOTED_UNSAFE_ALL, (c) => (c === '\\' || c === '"' ? `\\${c}` : escapeCharacter(c)));
}

/** Quoted, or bare when `bareWhenExact` and nothing is escaped or elided. */
function shownValue(value: string, charsMax: number, bareWhenExact: boolean): string {
  const { length, head } = measure(value, Math.max(charsMax - 1, 1));
  if (length > charsMax) return `"${escapeQuoted(head)}…"${lengthNote(length)}`;
  return bareWhenExact && !UNSAFE.test(value) ? value : `"${escapeQuoted(value)}"`;
}

/** Prose for a terminal, a Markdown file or a page: the unsafe characters escaped (a backslash stays as it is,
 * so escaping twice is escaping once), and a text that shows past TEXT_CHARS_MAX cut, with its length. */
export function displayText(text: string): string {
  if (text.length <= TEXT_CHARS_MAX && !UNSAFE.test(text)) return text;
  const escaped = text.replace(UNSAFE_ALL, escapeCharacter);
  const { length, head } = measure(escaped, TEXT_CHARS_KEPT);
  if (length <= TEXT_CHARS_MAX) return escaped;
  // The cut may fall inside an escape: drop its beginning rather than show half of it.
  return `${head.replace(/\\(x[\da-f]?|u(\{[\da-f]*|[\da-f]{0,3}))?$/, '')}…${lengthNote(measure(text, 0).length)}`;
}

/** A value in double quotes, `\` and `"` escaped with the unsafe characters; longer than `charsMax`, its first
 * `charsMax - 1` characters and its length: `"aaaa…" (1,048,576 chars)`. */
export function quoteValue(value: string, charsMax: number): string {
  return shownValue(value, charsMax, false);
}

/** A record value or key as a story tells it: as it is when that shows it exactly (nothing to escape, at most
 * `charsMax` characters), quoted otherwise. */
export function displayValue(value: string, charsMax: number): string {
  return shownValue(value, charsMax, true);
}

/** JSON for a terminal or a page: the unsafe characters inside its strings written as `\u` escapes, so it parses
 * back to exactly the same value. */
export function displayJson(value: unknown, space?: number): string {
  // JSON.stringify escapes C0 inside strings already; outside them it is the layout (newlines). A character past
  // U+FFFF is written as its surrogate pair, as JSON spells it.
  const escape = (c: string) => (c < ' ' ? c : c.split('').map((unit) => `\\u${hex(unit.charCodeAt(0), 4)}`).join(''));
  return JSON.stringify(value, null, space).replace(UNSAFE_ALL, escape);
}
