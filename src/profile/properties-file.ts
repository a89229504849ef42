/**
 * Reads a Java `.properties` file as `java.util.Properties.load` does (Kafka loads its config files with it):
 * `#`/`!` comment lines, `key=value`, `key: value` or `key value`, a line continued by an odd number of trailing
 * backslashes, and the escapes `\t \n \r \f \uXXXX` (any other escaped character stands for itself). It keeps
 * every entry with the line where it starts, in file order; which entry wins, and what a value means, is the
 * caller's business.
 */
import { KcheckInputError } from '../input-error.ts';

export interface PropertyEntry {
  key: string;
  value: string;
  /** 1-based natural line where the entry starts. */
  line: number;
}

const WHITESPACE = new Set([' ', '\t', '\f']);

/** Natural lines with their 1-based numbers; `\r\n`, `\n` and `\r` each end one. */
function naturalLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  return i;
}

/** A line continues onto the next when it ends in an odd number of backslashes. */
function continues(line: string): boolean {
  let backslashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Joins continued lines into logical lines (continuation lines lose their leading whitespace), skipping blank
 * and comment lines; a comment line is never continued, as in Java. */
function logicalLines(text: string): Array<{ text: string; line: number }> {
  const lines = naturalLines(text);
  const logical: Array<{ text: string; line: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    const start = skipWhitespace(first, 0);
    if (start === first.length || first[start] === '#' || first[start] === '!') continue;
    let joined = first.slice(start);
    const line = i + 1;
    while (continues(joined) && i + 1 < lines.length) {
      joined = joined.slice(0, -1);
      i++;
      const next = lines[i]!;
      joined += next.slice(skipWhitespace(next, 0));
    }
    // A backslash continuing the last line of the file continues onto nothing, as in Java.
    if (continues(joined)) joined = joined.slice(0, -1);
    logical.push({ text: joined, line });
  }
  return logical;
}

/** Unescapes a key or a value; `where` names the file and line for a malformed `\u` escape. */
function unescape(raw: string, where: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\' || i + 1 >= raw.length) {
      out += c;
      continue;
    }
    const next = raw[++i]!;
    switch (next) {
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        const hex = raw.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new KcheckInputError('config', `${where}: malformed \\uxxxx escape: \\u${hex}`);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      default:
        out += next;
    }
  }
  return out;
}

/** Splits a logical line as Java does: the key ends at the first unescaped `=`, `:` or whitespace; then
 * whitespace, at most one `=` or `:`, and whitespace again are skipped; the rest is the value. */
function splitEntry(text: string): { rawKey: string; rawValue: string } {
  let keyEnd = 0;
  let valueStart = text.length;
  let separated = false;
  let escaped = false;
  while (keyEnd < text.length) {
    const c = text[keyEnd]!;
    if (!escaped && (c === '=' || c === ':')) {
      valueStart = keyEnd + 1;
      separated = true;
      break;
    }
    if (!escaped && WHITESPACE.has(c)) {
      valueStart = keyEnd + 1;
      break;
    }
    escaped = c === '\\' ? !escaped : false;
    keyEnd++;
  }
  while (valueStart < text.length) {
    const c = text[valueStart]!;
    if (!WHITESPACE.has(c)) {
      if (separated || (c !== '=' && c !== ':')) break;
      separated = true;
    }
    valueStart++;
  }
  return { rawKey: text.slice(0, keyEnd), rawValue: text.slice(valueStart) };
}

/** Parses a properties file's text; `file` names it in errors. */
export function parseProperties(text: string, file: string): PropertyEntry[] {
  return logicalLines(text).map(({ text: logical, line }) => {
    const where = `${file}:${line}`;
    const { rawKey, rawValue } = splitEntry(logical);
    return { key: unescape(rawKey, where), value: unescape(rawValue, where), line };
  });
}
