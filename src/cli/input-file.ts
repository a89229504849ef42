/**
 * Reading a file a user hands kcheck (a trace, a history): bounded in size before it is read (a device such as
 * /dev/zero never ends) and in JSON nesting before it is parsed (deep nesting exhausts the stack), each refused
 * with one line that names the file and the cap. A Jepsen history.edn is read line by line instead, within its
 * own cap.
 */
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { KcheckInputError, type InputErrorKind } from '../input-error.ts';
import { ioReason } from './flags.ts';

/** A history is read whole into one string, and V8's longest string is just under 512 MiB: 500 MiB holds a
 * 1M-op history even pretty-printed (about 365 MiB; 133 MiB with one op per line). A shard file (kcheck merge) is read
 * the same way. */
export const INPUT_BYTES_MAX = { trace: 64 * 1024 * 1024, history: 500 * 1024 * 1024, shard: 500 * 1024 * 1024 } as const;
/** A Jepsen history.edn is read line by line, so only the memory of what the checker keeps bounds it: 1 GiB is
 * about 8M ops. */
export const EDN_HISTORY_BYTES_MAX = 1024 * 1024 * 1024;
/** Traces and histories nest a few levels; far more is not one of them. */
export const JSON_NESTING_MAX = 64;

const CHUNK_BYTES = 1024 * 1024;
/** A line of a line-by-line file at most (a Jepsen op is a few KiB). */
const LINE_CHARS_MAX = 64 * 1024 * 1024;
const mib = (bytes: number) => `${bytes / (1024 * 1024)} MiB`;

/** The file opened for reading, refused at once when it is a directory or a regular file over the cap. */
function openCapped(path: string, kind: InputErrorKind, maxBytes: number): { fd: number; stat: Stats } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new KcheckInputError(kind, `cannot read ${path}: ${ioReason(error)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new KcheckInputError(kind, `cannot read ${path}: it is a directory`);
    if (stat.isFile() && stat.size > maxBytes) throw new KcheckInputError(kind, `${path} is ${(stat.size / (1024 * 1024)).toFixed(1)} MiB, more than a ${kind} may be (${mib(maxBytes)})`);
    return { fd, stat };
  } catch (error) {
    closeSync(fd);
    if (error instanceof KcheckInputError) throw error;
    throw new KcheckInputError(kind, `cannot read ${path}: ${ioReason(error)}`);
  }
}

/** Past the cap while reading: a file that grew, or a device or a stream that does not end. */
function overCap(path: string, kind: InputErrorKind, maxBytes: number): KcheckInputError {
  return new KcheckInputError(kind, `${path} holds more than a ${kind} may (${mib(maxBytes)}): is it a device or a stream?`);
}

function readBounded(path: string, kind: InputErrorKind & keyof typeof INPUT_BYTES_MAX): Buffer {
  const maxBytes = INPUT_BYTES_MAX[kind];
  const { fd, stat } = openCapped(path, kind, maxBytes);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // A regular file is read straight into one buffer of its size (a history can be hundreds of MiB); what its
    // size did not announce (a file still growing, a /proc file) is read on in chunks.
    if (stat.isFile() && stat.size > 0) {
      const whole = readUpTo(fd, stat.size);
      chunks.push(whole);
      total = whole.length;
    }
    for (;;) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) throw overCap(path, kind, maxBytes);
      chunks.push(chunk.subarray(0, read));
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof KcheckInputError) throw error;
    throw new KcheckInputError(kind, `cannot read ${path}: ${ioReason(error)}`);
  } finally {
    closeSync(fd);
  }
}

/** Up to `size` bytes from the file's position, in one buffer (fewer if it ends first). */
function readUpTo(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let total = 0;
  while (total < size) {
    const read = readSync(fd, buffer, total, size - total, null);
    if (read === 0) break;
    total += read;
  }
  return total === size ? buffer : buffer.subarray(0, total);
}

/** Where JSON text (as UTF-8 bytes) nests deeper than `max` (brackets outside strings), as a byte offset, or
 * undefined. Bytes, not characters: every byte of a multi-byte UTF-8 character is ≥ 0x80, so none is a bracket. */
export function jsonNestingTooDeep(text: Uint8Array, max = JSON_NESTING_MAX): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return undefined;
}

/** The file's text, within the caps of its kind. */
export function readJsonInputFile(path: string, kind: keyof typeof INPUT_BYTES_MAX): string {
  const bytes = readBounded(path, kind);
  const at = jsonNestingTooDeep(bytes);
  if (at !== undefined) throw new KcheckInputError(kind, `${path} nests JSON deeper than ${JSON_NESTING_MAX} levels (at byte ${at}); a ${kind} is not that deep`);
  return bytes.toString('utf8');
}

/**
 * The lines of a text file (UTF-8), one at a time, without a trailing newline (or carriage return), within a cap
 * of `maxBytes` that is checked as the file is read (so a device that never ends is refused too).
 */
export function* inputFileLines(path: string, kind: InputErrorKind, maxBytes: number): Generator<string, void, undefined> {
  const { fd } = openCapped(path, kind, maxBytes);
  try {
    const decoder = new StringDecoder('utf8');
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let total = 0;
    let rest = '';
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      } catch (error) {
        throw new KcheckInputError(kind, `cannot read ${path}: ${ioReason(error)}`);
      }
      total += read;
      if (total > maxBytes) throw overCap(path, kind, maxBytes);
      const text = rest + (read === 0 ? decoder.end() : decoder.write(chunk.subarray(0, read)));
      // A last line without a newline is a line; nothing after the last newline is none.
      const lines = read === 0 && text === '' ? [] : text.split('\n');
      rest = read === 0 ? '' : lines.pop()!;
      if (rest.length > LINE_CHARS_MAX) throw new KcheckInputError(kind, `${path} has a line longer than ${mib(LINE_CHARS_MAX)}: is it a history of one op per line?`);
      for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
      if (read === 0) return;
    }
  } finally {
    closeSync(fd);
  }
}
