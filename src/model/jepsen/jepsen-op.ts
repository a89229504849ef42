/**
 * One op of Jepsen's history as EDN gives it (`{:type :invoke, :f :send, :value [[:send 3 5]], :process 0, …}`,
 * bare or tagged `#jepsen.history.Op{…}`), read into plain fields, and the EDN pieces of its value (keys,
 * values, offsets) read into kcheck's terms. Fields other than those kcheck uses are ignored: Jepsen ops carry
 * whatever a client or generator adds (`:poll-ms`, `:debug`, …).
 */
import { toEDNString } from 'edn-data';
import type { OpType, Partition, Value } from '../history.ts';
import type { EDNVal } from './edn-line.ts';

export class JepsenOpError extends Error {
  override readonly name = 'JepsenOpError';
}

export interface JepsenOp {
  /** Jepsen's :index, or the op's position among the file's ops when it has none. */
  index: number;
  /** Jepsen's :time (ns), in ms; the previous op's when it has none. */
  timeMs: number;
  type: OpType;
  /** The :f keyword's name. */
  f: string;
  /** An integer process is a client; anything else (`:nemesis`) is not. */
  process: number | string;
  value: EDNVal | undefined;
  /** The keys of the :rebalance-log entries: partitions a consumer group moved during the op. */
  rebalancedKeys: Partition[];
}

const OP_TYPES: readonly OpType[] = ['invoke', 'ok', 'fail', 'info'];
const TAG = 'jepsen.history.Op';

/** `position`: the op's position among the file's ops; `previousTimeMs`: the last op's time. */
export function readJepsenOp(raw: EDNVal, position: number, previousTimeMs: number): JepsenOp {
  const fields = opFields(raw);
  const type = keywordName(fields.get('type'));
  if (type === undefined || !OP_TYPES.includes(type as OpType)) throw new JepsenOpError(`:type must be one of :invoke, :ok, :fail, :info, got ${show(fields.get('type'))}`);
  const f = keywordName(fields.get('f'));
  if (f === undefined) throw new JepsenOpError(`:f must be a keyword (:send, :poll, :txn, …), got ${show(fields.get('f'))}`);
  const process = fields.get('process');
  const processName = typeof process === 'number' && Number.isSafeInteger(process) ? process : keywordName(process) ?? (typeof process === 'string' ? process : undefined);
  if (processName === undefined) throw new JepsenOpError(`:process must be an integer (a client) or a keyword (:nemesis), got ${show(process)}`);
  const index = fields.get('index');
  if (index !== undefined && !isWholeNumber(index)) throw new JepsenOpError(`:index must be a whole number, got ${show(index)}`);
  const time = fields.get('time');
  if (time !== undefined && (typeof time !== 'number' || !Number.isFinite(time) || time < 0)) throw new JepsenOpError(`:time must be a number of nanoseconds ≥ 0, got ${show(time)}`);
  return {
    index: (index as number | undefined) ?? position,
    timeMs: typeof time === 'number' ? time / 1e6 : previousTimeMs,
    type: type as OpType,
    f,
    process: processName,
    value: fields.get('value'),
    rebalancedKeys: rebalancedKeys(fields.get('rebalance-log')),
  };
}

/** The op map's keyword keys and values. */
function opFields(raw: EDNVal): Map<string, EDNVal> {
  const map = isTagged(raw) && raw.tag === TAG ? raw.val : raw;
  if (!isEdnMap(map)) throw new JepsenOpError(`an op must be a map {:type …, :f …, :value …, :process …} (or #${TAG}{…}), got ${show(raw)}`);
  const fields = new Map<string, EDNVal>();
  for (const [key, value] of map.map) {
    const name = keywordName(key);
    if (name === undefined) throw new JepsenOpError(`an op's keys are keywords, got ${show(key)}`);
    if (fields.has(name)) throw new JepsenOpError(`:${name} appears twice`);
    fields.set(name, value);
  }
  return fields;
}

function rebalancedKeys(log: EDNVal | undefined): Partition[] {
  if (log === undefined || log === null) return [];
  if (!Array.isArray(log)) throw new JepsenOpError(`:rebalance-log must be a list of {:keys [...]}, got ${show(log)}`);
  const keys: Partition[] = [];
  for (const entry of log) {
    const keysOf = isEdnMap(entry) ? entry.map.find(([k]) => keywordName(k) === 'keys')?.[1] : undefined;
    if (!Array.isArray(keysOf) && !isEdnSet(keysOf)) throw new JepsenOpError(`a :rebalance-log entry must be {:keys [...]}, got ${show(entry)}`);
    for (const key of Array.isArray(keysOf) ? keysOf : keysOf.set) keys.push(partitionOf(key));
  }
  return [...new Set(keys)];
}

/** A Jepsen key is kcheck's partition: a whole number, or a string of one. */
export function partitionOf(key: EDNVal | undefined): Partition {
  if (isWholeNumber(key)) return key;
  if (typeof key === 'string' && /^(0|[1-9][0-9]*)$/.test(key) && Number.isSafeInteger(Number(key))) return Number(key);
  throw new JepsenOpError(`a key must be a whole number ≥ 0 (kcheck names partitions by number), got ${show(key)}`);
}

/** A Jepsen value is kcheck's value as a string: an integer in decimal, or a string as it is. */
export function valueOf(value: EDNVal | undefined): Value {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string') return value;
  throw new JepsenOpError(`a value must be an integer or a string, got ${show(value)}`);
}

/** An offset a send's ack or a poll names: a whole number, or null for nil (unknown). */
export function offsetOf(offset: EDNVal | undefined): number | null {
  if (offset === null) return null;
  if (isWholeNumber(offset)) return offset;
  throw new JepsenOpError(`an offset must be a whole number ≥ 0 or nil, got ${show(offset)}`);
}

export function keywordName(value: EDNVal | undefined): string | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'key' in value && typeof value.key === 'string' ? value.key : undefined;
}

export function isEdnMap(value: EDNVal | undefined): value is { map: [EDNVal, EDNVal][] } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'map' in value && Array.isArray(value.map);
}

function isEdnSet(value: EDNVal | undefined): value is { set: EDNVal[] } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'set' in value && Array.isArray(value.set);
}

function isTagged(value: EDNVal): value is { tag: string; val: EDNVal } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'tag' in value && 'val' in value;
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** An EDN value as EDN, on one line, shortened so a message stays one readable line. */
export function show(value: EDNVal | undefined): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = toEDNString(value as Parameters<typeof toEDNString>[0]);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
