/**
 * Reading a history file strictly: a history that is not what its author meant (a misspelt field, a completion
 * that matches no invoke) would be checked wrongly in silence, so every deviation is an input error — one line
 * naming the file, the position and what was expected. docs/history-format.md is the reference.
 */
import { KcheckInputError } from '../input-error.ts';
import type { History, Op, OpType } from './history.ts';
import { checkFields, historyError, isPlainObject, preview } from './history-input.ts';
import { outstandingKey } from './outstanding-key.ts';
import { checkCompletionMatches } from './match-completion.ts';
import { historyJsonSpans, type HistoryJsonSpans } from './history-json-spans.ts';
import { parseAssignValue, parsePollValue, parseSendValue, type Fail } from './parse-op-value.ts';

const OP_TYPES: readonly OpType[] = ['invoke', 'ok', 'fail', 'info'];
const OP_FS: ReadonlyArray<Op['f']> = ['send', 'poll', 'assign'];

/** `source` names the text in messages (a file path). */
export function parseHistory(text: string, source: string): History {
  return { format: 'kcheck-history', version: 1, ops: Array.from(historyOps(text, source)) };
}

/**
 * The ops of a history text, each checked as it is read, in order; the top level is checked at once. Each op is
 * parsed from its own span of the text when the text allows (history-json-spans.ts), so a caller that checks
 * ops one at a time holds the text and what it has kept, not millions of parsed ops.
 */
export function historyOps(text: string, source: string): Iterable<Op> {
  const fail: Fail = (where, what) => {
    throw historyError(source, where, what);
  };
  const spans = historyJsonSpans(text);
  const skeleton = spans === undefined ? undefined : parseSkeleton(spans.skeleton);
  const top = skeleton ?? parseJson(text, source);
  checkTopLevel(top, fail);
  const reader = new OpReader(fail);
  if (skeleton !== undefined && spans !== undefined) return readSpans(text, source, spans, reader);
  return readOps((top as { ops: unknown[] }).ops, reader);
}

function* readOps(ops: unknown[], reader: OpReader): Generator<Op, void, undefined> {
  for (let i = 0; i < ops.length; i++) {
    const op = reader.read(ops[i], i);
    ops[i] = undefined;
    yield op;
  }
}

/** Ops parsed per chunk of this many: one JSON.parse per op costs more than the parsing; a chunk's objects are
 * still short-lived. */
const OPS_PER_CHUNK = 256;

function* readSpans(text: string, source: string, spans: HistoryJsonSpans, reader: OpReader): Generator<Op, void, undefined> {
  const count = spans.starts.length;
  for (let first = 0; first < count; first += OPS_PER_CHUNK) {
    const last = Math.min(count, first + OPS_PER_CHUNK) - 1;
    let chunk: unknown[];
    try {
      // From the first op's start to the last one's end: the ops and the commas between them, as a list.
      chunk = JSON.parse(`[${text.slice(spans.starts[first], spans.ends[last])}]`) as unknown[];
    } catch {
      // The whole text's own message says where it is broken.
      parseJson(text, source);
      throw new Error(`parseHistory: ops[${first}..${last}] did not parse on their own, though the whole text did`);
    }
    if (chunk.length !== last - first + 1) throw new Error(`parseHistory: ops[${first}..${last}] parsed to ${chunk.length} ops`);
    for (let i = 0; i < chunk.length; i++) {
      yield reader.read(chunk[i], first + i);
      chunk[i] = undefined;
    }
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KcheckInputError('history', `${source} is not valid JSON: ${reason}`);
  }
}

/** The top level with its ops list emptied, when that is what it parses to; else undefined. */
function parseSkeleton(skeleton: string): unknown {
  try {
    const top: unknown = JSON.parse(skeleton);
    return isPlainObject(top) && Array.isArray(top.ops) && top.ops.length === 0 ? top : undefined;
  } catch {
    return undefined;
  }
}

function checkTopLevel(json: unknown, fail: Fail): void {
  if (!isPlainObject(json)) fail('top level', `a history must be an object {"format", "version", "ops"}, got ${preview(json)}`);
  const top = json as Record<string, unknown>;
  checkFields(top, ['format', 'version', 'ops'], [], (what) => fail('top level', what));
  if (top.format !== 'kcheck-history') fail('format', `must be "kcheck-history", got ${preview(top.format)}`);
  if (top.version !== 1) fail('version', `must be 1 (the only version this kcheck reads), got ${preview(top.version)}`);
  if (!Array.isArray(top.ops)) fail('ops', `must be a list of ops, got ${preview(top.ops)}`);
}

/** Reads ops in order, pairing each completion with its process's outstanding invoke. */
class OpReader {
  private readonly outstanding = new Map<string, Op>();
  private previousTimeMs = 0;

  constructor(private readonly fail: Fail) {}

  read(raw: unknown, index: number): Op {
    const where = `ops[${index}]`;
    const fail: Fail = this.fail;
    if (!isPlainObject(raw)) fail(where, `an op must be an object, got ${preview(raw)}`);
    const o = raw as Record<string, unknown>;
    checkFields(o, ['index', 'timeMs', 'process', 'type', 'f', 'value'], ['error', 'final'], (what) => fail(where, what));
    if (o.index !== index) fail(`${where}.index`, `must be ${index} (indices are dense from 0, in history order), got ${preview(o.index)}`);
    if (typeof o.timeMs !== 'number' || !Number.isFinite(o.timeMs) || o.timeMs < 0) fail(`${where}.timeMs`, `must be a number of ms ≥ 0, got ${preview(o.timeMs)}`);
    if (o.timeMs < this.previousTimeMs) fail(`${where}.timeMs`, `${o.timeMs} is earlier than the previous op's ${this.previousTimeMs} (ops are in the order they happened)`);
    this.previousTimeMs = o.timeMs;
    if (typeof o.process !== 'string' || o.process === '') fail(`${where}.process`, `must be a non-empty string, got ${preview(o.process)}`);
    const type = o.type as OpType;
    if (!OP_TYPES.includes(type)) fail(`${where}.type`, `must be one of ${OP_TYPES.join(', ')}, got ${preview(o.type)}`);
    const f = o.f as Op['f'];
    if (!OP_FS.includes(f)) fail(`${where}.f`, `must be one of ${OP_FS.join(', ')}, got ${preview(o.f)}`);
    if (o.error !== undefined && (typeof o.error !== 'string' || (type !== 'fail' && type !== 'info'))) {
      fail(`${where}.error`, `is a string allowed only on fail and info, got ${preview(o.error)} on ${type}`);
    }
    if (o.final !== undefined && (typeof o.final !== 'boolean' || f !== 'poll' || type !== 'ok')) {
      fail(`${where}.final`, `is a boolean allowed only on a poll ok, got ${preview(o.final)} on a ${f} ${type}`);
    }
    const op = this.build(o, index, type, f, where);
    this.pair(op, where);
    return op;
  }

  private build(o: Record<string, unknown>, index: number, type: OpType, f: Op['f'], where: string): Op {
    const at = `${where}.value`;
    const timeMs = o.timeMs as number;
    const process = o.process as string;
    // Object literals of one shape per f, not spreads: the model reads these fields millions of times.
    let op: Op;
    switch (f) {
      case 'send':
        op = { index, timeMs, process, type, f, value: parseSendValue(o.value, type, at, this.fail) };
        break;
      case 'poll':
        op = { index, timeMs, process, type, f, value: parsePollValue(o.value, type, at, this.fail) };
        if (o.final !== undefined) op.final = o.final as boolean;
        break;
      case 'assign':
        op = { index, timeMs, process, type, f, value: parseAssignValue(o.value, at, this.fail) };
        break;
    }
    if (o.error !== undefined) op.error = o.error as string;
    return op;
  }

  /** A completion pairs with the outstanding invoke of the same key (outstanding-key.ts): one poll or assign per
   * process at a time, any number of sends, each named by its partitions and values. */
  private pair(op: Op, where: string): void {
    const key = outstandingKey(op);
    const open = this.outstanding.get(key);
    if (op.type === 'invoke') {
      if (open !== undefined) this.fail(where, `${op.process} invokes a ${op.f} while the same ${op.f} invoked at ops[${open.index}] is still outstanding`);
      this.outstanding.set(key, op);
      return;
    }
    if (open === undefined) this.fail(where, `${op.process}'s ${op.type} ${op.f} completes nothing: ${op.process} has no outstanding ${op.f} with these records`);
    checkCompletionMatches(op, open, `${where}.value`, this.fail);
    this.outstanding.delete(key);
  }
}
