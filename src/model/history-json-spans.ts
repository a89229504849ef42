/**
 * Where each op of a history's JSON text lies, so that ops are parsed one at a time: JSON.parse of a whole
 * 100 MiB history builds millions of objects that all stay alive until the last op is checked, and the garbage
 * collector walks them again and again. This finds boundaries only — brackets, commas and strings at the
 * levels that matter; JSON.parse still reads every character: the top level with its "ops" list emptied, and
 * each op on its own. Any text it does not recognise (an escaped or repeated "ops" key, a truncated file) gets
 * undefined, and the caller parses the whole text, so that JSON.parse's own message says what is wrong.
 */

export interface HistoryJsonSpans {
  /** The text with the ops list emptied: `{"format": …, "ops": [], …}`. */
  skeleton: string;
  /** The ops' texts as [start, end) pairs: starts[i] and ends[i]. */
  starts: number[];
  ends: number[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The spans of a history text's ops, or undefined when the text is not an object with one list "ops". */
export function historyJsonSpans(text: string): HistoryJsonSpans | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  let depth = 0;
  /** Where the last string at depth 1 (a key, or a value) ended, just past its closing quote. */
  let keyEnd = -1;
  let keyIsOps = false;
  let listOpen = -1;
  let listClose = -1;
  let inList = false;
  let elementStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const close = closingQuote(text, i);
      if (close < 0) return undefined;
      if (depth === 1) {
        keyEnd = close + 1;
        keyIsOps = close - i === 4 && text.startsWith('ops', i + 1);
      }
      i = close;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === 1 && c === OPEN_BRACKET && keyIsOps && followsColon(text, keyEnd, i)) {
        if (listOpen >= 0) return undefined;
        listOpen = i;
        inList = true;
        elementStart = i + 1;
      }
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 1 && inList) {
        if (starts.length > 0 || text.slice(elementStart, i).trim() !== '') {
          starts.push(elementStart);
          ends.push(i);
        }
        inList = false;
        listClose = i;
      }
    } else if (c === COMMA && depth === 2 && inList) {
      starts.push(elementStart);
      ends.push(i);
      elementStart = i + 1;
    }
  }
  if (depth !== 0 || listOpen < 0 || listClose < 0) return undefined;
  return { skeleton: `${text.slice(0, listOpen + 1)}${text.slice(listClose)}`, starts, ends };
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

/** Only whitespace and one colon between a key's closing quote and `at`. */
function followsColon(text: string, keyEnd: number, at: number): boolean {
  let colons = 0;
  for (let i = keyEnd; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === COLON) colons++;
    else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return colons === 1;
}
