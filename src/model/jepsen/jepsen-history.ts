/**
 * A Jepsen Kafka workload history (jepsen.tests.kafka; `history.edn`, one op per line) as kcheck history ops,
 * read line by line and handed out as they come. A Jepsen key is a kcheck partition, a value its decimal string,
 * a client process n is `process<n>`, and an op keeps Jepsen's :index, so messages name the ops Jepsen's files do.
 * `:send` and `:poll` map one to one; a `:txn` becomes a send of its sends and a poll of its polls; `:assign`
 * and `:subscribe` reset the consumer's positions, as does a `:rebalance-log` entry. What kcheck does not model
 * is counted in `notes`, said once in the report, never dropped in silence. docs/history-format.md has the table.
 */
import { historyError } from '../history-input.ts';
import type { Op, OpType, Partition, PollMicroOp, SendMicroOp, Value } from '../history.ts';
import { checkCompletionMatches } from '../match-completion.ts';
import type { Fail } from '../parse-op-value.ts';
import { EdnLineError, parseEdnLine, type EDNVal } from './edn-line.ts';
import { isEdnMap, JepsenOpError, keywordName, offsetOf, partitionOf, readJepsenOp, show, valueOf, type JepsenOp } from './jepsen-op.ts';

/** What a Jepsen history held that kcheck does not check, counted as it is read. */
export interface JepsenNotes {
  /** Lines that held an op. */
  opCount: number;
  /** Ops of processes that are not clients (`:nemesis`), by process. */
  nonClientOps: Map<string, number>;
  /** Client ops whose :f kcheck does not model (`:crash`, `:debug-topic-partitions`), by f. */
  unmodelledOps: Map<string, number>;
  txnOps: number;
  subscribeOps: number;
  rebalances: number;
  /** :info or :fail sends that named an offset: kcheck judges such a send as maybe written. */
  unusedSendOffsets: number;
  /** :info or :fail polls that returned records. */
  unusedPollRecords: number;
}

export interface JepsenHistory {
  ops: Iterable<Op>;
  /** Complete once `ops` has been read to its end. */
  notes: JepsenNotes;
}

type Part = { f: 'send'; micro: SendMicroOp[] } | { f: 'poll'; micro: PollMicroOp[] } | { f: 'assign'; partitions: Partition[] };

interface Pending {
  line: number;
  f: string;
  /** The kcheck ops it invoked, or null for an op kcheck does not model. */
  invokes: Op[] | null;
}

const MODELLED = new Set(['send', 'poll', 'txn', 'assign', 'subscribe']);

/** `lines`: the file's lines in order; `source` names it in messages. Throws KcheckInputError naming the line. */
export function jepsenHistory(lines: Iterable<string>, source: string): JepsenHistory {
  const notes: JepsenNotes = { opCount: 0, nonClientOps: new Map(), unmodelledOps: new Map(), txnOps: 0, subscribeOps: 0, rebalances: 0, unusedSendOffsets: 0, unusedPollRecords: 0 };
  return { ops: readJepsenOps(lines, source, notes), notes };
}

function* readJepsenOps(lines: Iterable<string>, source: string, notes: JepsenNotes): Generator<Op, void, undefined> {
  const pending = new Map<number, Pending>();
  let lineNumber = 0;
  let timeMs = 0;
  for (const text of lines) {
    lineNumber++;
    const where = `line ${lineNumber}`;
    const fail: Fail = (at, what) => {
      throw historyError(source, at, what);
    };
    let op: JepsenOp;
    try {
      const raw = parseEdnLine(text);
      if (raw === undefined) continue;
      op = readJepsenOp(raw, notes.opCount, timeMs);
    } catch (error) {
      if (error instanceof EdnLineError) fail(where, `not valid EDN: ${error.message}`);
      if (error instanceof JepsenOpError) fail(where, error.message);
      throw error;
    }
    notes.opCount++;
    timeMs = op.timeMs;
    if (typeof op.process !== 'number') {
      count(notes.nonClientOps, String(op.process));
      continue;
    }
    try {
      yield* clientOp(op, lineNumber, pending, notes, fail);
    } catch (error) {
      if (error instanceof JepsenOpError) fail(where, error.message);
      throw error;
    }
  }
}

/** The kcheck ops of one client op, pairing a completion with its process's invoke (one op at a time, as Jepsen
 * runs a process). */
function* clientOp(op: JepsenOp, line: number, pending: Map<number, Pending>, notes: JepsenNotes, fail: Fail): Generator<Op, void, undefined> {
  const process = op.process as number;
  const name = `process${process}`;
  const open = pending.get(process);
  if (op.type === 'invoke') {
    if (open !== undefined) fail(`line ${line}`, `${name} invokes :${op.f} while its :${open.f} from line ${open.line} is outstanding (a Jepsen process runs one op at a time)`);
    if (!MODELLED.has(op.f)) {
      count(notes.unmodelledOps, op.f);
      pending.set(process, { line, f: op.f, invokes: null });
      return;
    }
    if (op.f === 'txn') notes.txnOps++;
    if (op.f === 'subscribe') notes.subscribeOps++;
    const invokes = partsOf(op, notes).map((part) => kcheckOp(op, name, part));
    pending.set(process, { line, f: op.f, invokes });
    yield* invokes;
    return;
  }
  if (open === undefined) fail(`line ${line}`, `${name}'s :${op.type} :${op.f} completes nothing: ${name} has no outstanding op`);
  if (open.f !== op.f) fail(`line ${line}`, `${name}'s :${op.type} :${op.f} completes its :${open.f} from line ${open.line}, another :f`);
  pending.delete(process);
  if (open.invokes === null) return;
  const completions = partsOf(op, notes).map((part) => kcheckOp(op, name, part));
  if (completions.map((c) => c.f).join() !== open.invokes.map((i) => i.f).join()) {
    fail(`line ${line}`, `${name}'s :${op.type} completes its :${op.f} from line ${open.line} with other kinds of micro-ops (${completions.map((c) => c.f).join(', ')} for ${open.invokes.map((i) => i.f).join(', ')})`);
  }
  for (let i = 0; i < completions.length; i++) {
    const completion = completions[i]!;
    checkCompletionMatches(completion, open.invokes[i]!, `line ${line}: :value`, fail, `line ${open.line}`);
    // A consumer group moved these partitions during the op: the consumer's positions there start over.
    if (completion.f === 'poll' && op.rebalancedKeys.length > 0 && op.type !== 'fail') {
      notes.rebalances++;
      const reset = { index: op.index, timeMs: op.timeMs, process: name, f: 'assign' as const, value: op.rebalancedKeys };
      yield { ...reset, type: 'invoke' };
      yield { ...reset, type: 'ok' };
    }
    yield completion;
  }
}

/** The op's value as kcheck parts: the sends of a :send or :txn, the polls of a :poll or :txn (in that order), the
 * partitions of an :assign or :subscribe. */
function partsOf(op: JepsenOp, notes: JepsenNotes): Part[] {
  if (op.f === 'assign' || op.f === 'subscribe') {
    if (!Array.isArray(op.value)) throw new JepsenOpError(`:value of an :${op.f} must be a list of keys, got ${show(op.value)}`);
    return [{ f: 'assign', partitions: op.value.map(partitionOf) }];
  }
  if (!Array.isArray(op.value) || op.value.length === 0) throw new JepsenOpError(`:value of a :${op.f} must be a list of micro-ops ([:send k v], [:poll]), got ${show(op.value)}`);
  const sends: SendMicroOp[] = [];
  const polls: PollMicroOp[] = [];
  for (const micro of op.value) {
    const kind = Array.isArray(micro) ? keywordName(micro[0]) : undefined;
    if (kind === 'send' && op.f !== 'poll') sends.push(sendMicroOp(micro as EDNVal[], op.type, notes));
    else if (kind === 'poll' && op.f !== 'send') polls.push(pollMicroOp(micro as EDNVal[], op.type, notes));
    else throw new JepsenOpError(`a :${op.f} holds ${op.f === 'txn' ? '[:send k v] and [:poll]' : op.f === 'send' ? '[:send k v]' : '[:poll]'} micro-ops, got ${show(micro)}`);
  }
  const parts: Part[] = [];
  if (sends.length > 0) parts.push({ f: 'send', micro: sends });
  if (polls.length > 0) parts.push({ f: 'poll', micro: polls });
  return parts;
}

/** `[:send k v]`; on an :ok `[:send k [offset v]]` (offset nil when unknown), or the bare value. */
function sendMicroOp(micro: EDNVal[], type: OpType, notes: JepsenNotes): SendMicroOp {
  if (micro.length !== 3) throw new JepsenOpError(`a send micro-op is [:send key value], got ${show(micro)}`);
  const partition = partitionOf(micro[1]);
  const payload = micro[2];
  const pair = Array.isArray(payload) ? payload : undefined;
  if (pair !== undefined && pair.length !== 2) throw new JepsenOpError(`a send's [offset value] must have two items, got ${show(payload)}`);
  const value: Value = valueOf(pair === undefined ? payload : pair[1]);
  const offset = pair === undefined ? null : offsetOf(pair[0]);
  if (type === 'ok') return ['send', partition, [offset, value]];
  if (offset !== null && type !== 'invoke') notes.unusedSendOffsets++;
  return ['send', partition, value];
}

/** `[:poll]`; on an :ok `[:poll {k [[offset v] …] …}]`. */
function pollMicroOp(micro: EDNVal[], type: OpType, notes: JepsenNotes): PollMicroOp {
  if (micro.length > 2) throw new JepsenOpError(`a poll micro-op is [:poll] or [:poll {key [[offset value] ...]}], got ${show(micro)}`);
  const result = micro[1];
  if (type !== 'ok') {
    if (isEdnMap(result) && result.map.some(([, records]) => Array.isArray(records) && records.length > 0)) notes.unusedPollRecords++;
    return ['poll'];
  }
  if (result === undefined || result === null) return ['poll', {}];
  if (!isEdnMap(result)) throw new JepsenOpError(`a poll's result must be a map {key [[offset value] ...]}, got ${show(result)}`);
  const slices: Record<string, Array<[number, Value]>> = {};
  for (const [key, records] of result.map) {
    const partition = String(partitionOf(key));
    if (Object.hasOwn(slices, partition)) throw new JepsenOpError(`a poll's result names key ${partition} twice`);
    if (!Array.isArray(records)) throw new JepsenOpError(`a poll's records of key ${partition} must be a list of [offset value], got ${show(records)}`);
    slices[partition] = records.map((record): [number, Value] => {
      if (!Array.isArray(record) || record.length !== 2) throw new JepsenOpError(`a polled record is [offset value], got ${show(record)}`);
      const offset = offsetOf(record[0]);
      if (offset === null) throw new JepsenOpError(`a polled record needs its offset, got ${show(record)}`);
      return [offset, valueOf(record[1])];
    });
  }
  return ['poll', slices];
}

function kcheckOp(op: JepsenOp, process: string, part: Part): Op {
  const base = { index: op.index, timeMs: op.timeMs, process, type: op.type };
  switch (part.f) {
    case 'send':
      return { ...base, f: 'send', value: part.micro };
    case 'poll':
      return { ...base, f: 'poll', value: part.micro };
    case 'assign':
      return { ...base, f: 'assign', value: part.partitions };
  }
}

function count(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** The notes as sentences for the report, each once; none for a history kcheck checks whole. */
export function jepsenNoteLines(notes: JepsenNotes): string[] {
  const lines: string[] = [];
  const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
  const list = (counts: Map<string, number>) => [...counts].map(([key, n]) => `${key} ${n}`).join(', ');
  if (notes.nonClientOps.size > 0) {
    lines.push(`not checked: ${counted(total(notes.nonClientOps), 'op')} of processes that are not clients (${list(notes.nonClientOps)}): they act on the cluster, not on its log`);
  }
  if (notes.unmodelledOps.size > 0) lines.push(`not checked: ${counted(total(notes.unmodelledOps), 'client op')} of kinds kcheck does not model (${list(notes.unmodelledOps)})`);
  if (notes.txnOps > 0) {
    lines.push(`not checked: what makes ${notes.txnOps === 1 ? 'the :txn op a transaction' : `the ${notes.txnOps} :txn ops transactions`} — atomicity across keys, isolation (G0/G1c cycles, precommitted reads): kcheck checks their sends and polls one by one`);
  }
  if (notes.subscribeOps > 0 || notes.rebalances > 0) {
    lines.push(`not checked: poll order across a consumer group's moves: positions start over at ${counted(notes.subscribeOps, ':subscribe op')} and ${counted(notes.rebalances, ':rebalance-log')}`);
  }
  if (notes.unusedSendOffsets > 0) lines.push(`not used: the offsets that ${counted(notes.unusedSendOffsets, ':info or :fail send micro-op')} named (kcheck judges such a send as maybe written, or not written)`);
  if (notes.unusedPollRecords > 0) lines.push(`not used: the records of ${counted(notes.unusedPollRecords, ':info or :fail poll micro-op')}`);
  return lines;
}

/** "1 op", "3 ops". */
function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
