/**
 * One line of a Jepsen `history.edn` as an EDN value, parsed by edn-data (a maintained EDN reader that keeps
 * keywords, maps with any keys, tagged literals such as `#jepsen.history.Op{…}`, and big files one line at a
 * time). A line holds one value; a blank or comment-only line none. What edn-data tolerates, this refuses: a
 * truncated line, a stray bracket, a second value. (It still drops the dangling key of a map with an odd number of
 * forms, `{:a 1 :b}`, without a word: its reader cannot be asked.)
 */
import { parseEDNString, type EDNVal } from 'edn-data';

export type { EDNVal };

/** A keyword that cannot end a Jepsen op: it marks the end of the line, so that a line holding less than one
 * whole value, or more, is told apart. */
const END = 'kcheck.edn-line/end';

export class EdnLineError extends Error {
  override readonly name = 'EdnLineError';
}

/** The value on the line, or undefined when it holds none. Throws EdnLineError saying what is wrong. */
export function parseEdnLine(line: string): EDNVal | undefined {
  let parsed: unknown;
  try {
    // The end marker on a line of its own: a comment runs to the end of its line.
    parsed = parseEDNString(`[${line}\n:${END}]`, { listAs: 'array', keywordAs: 'object', mapAs: 'doubleArray' });
  } catch (error) {
    // edn-data throws a TypeError of its own internals at a stray closing bracket.
    throw new EdnLineError(error instanceof TypeError ? 'a closing bracket closes nothing' : `${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(parsed) || !isEnd(parsed[parsed.length - 1])) throw new EdnLineError('it is not one whole EDN value (a bracket or a quote is left open, or closes what it did not open)');
  if (parsed.length > 2) throw new EdnLineError(`it holds ${parsed.length - 1} EDN values; history.edn has one op per line`);
  return parsed.length === 2 ? (parsed[0] as EDNVal) : undefined;
}

function isEnd(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { key?: unknown }).key === END;
}
