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
import { parseAssignValue, parsePollValue, parseSendValue, type Fail } from './parse-op-value.ts';

const OP_TYPES: readonly OpType[] = ['invoke', 'ok', 'fail', 'info'];
const OP_FS: ReadonlyArray<Op['f']> = ['send', 'poll', 'assign'];

/** `source` names the text in messages (a file path). */
export function parseHistory(text: string, source: string): History {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KcheckInputError('history', `${source} is not valid JSON: ${reason}`);
  }
  const fail: Fail = (where, what) => {
    throw historyError(source, where, what);
  };
  if (!isPlainObject(json)) fail('top level', `a history must be an object {"format", "version", "ops"}, got ${preview(json)}`);
  const top = json as Record<string, unknown>;
  checkFields(top, ['format', 'version', 'ops'], [], (what) => fail('top level', what));
  if (top.format !== 'kcheck-history') fail('format', `must be "kcheck-history", got ${preview(top.format)}`);
  if (top.version !== 1) fail('version', `must be 1 (the only version this kcheck reads), got ${preview(top.version)}`);
  if (!Array.isArray(top.ops)) fail('ops', `must be a list of ops, got ${preview(top.ops)}`);
  const reader = new OpReader(fail);
  return { format: 'kcheck-history', version: 1, ops: (top.ops as unknown[]).map((raw, i) => reader.read(raw, i)) };
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
    const base = { index, timeMs: o.timeMs as number, process: o.process as string, type, ...(o.error === undefined ? {} : { error: o.error as string }) };
    const at = `${where}.value`;
    switch (f) {
      case 'send':
        return { ...base, f, value: parseSendValue(o.value, type, at, this.fail) };
      case 'poll':
        return { ...base, f, value: parsePollValue(o.value, type, at, this.fail), ...(o.final === undefined ? {} : { final: o.final as boolean }) };
      case 'assign':
        return { ...base, f, value: parseAssignValue(o.value, at, this.fail) };
    }
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
    checkCompletionMatches(op, open, where, this.fail);
    this.outstanding.delete(key);
  }
}
