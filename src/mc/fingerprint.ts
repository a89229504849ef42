/**
 * A 64-bit fingerprint of a checker state (two 32-bit lanes), computed by walking the data once, no string built:
 * arrays in order, an object's fields as an unordered set (their insertion order depends on the path that built
 * them, not on what they mean). Left out: the unchanging config, the node list, and what never affects the future —
 * envelope ids and send times, timer sequence numbers (the timer list is kept in set order, which is what they
 * order), the id counters, the executed steps, the history's ops (the spec model's state holds what judges them).
 */
import type { Envelope, Timer, World } from '../system/kernel/world.ts';
import { busyLinkKeys } from '../system/kernel/network.ts';
import type { McState } from './mc-state.ts';

export interface Fingerprint {
  high: number;
  low: number;
}

const SEED_HIGH = 0x811c9dc5;
const SEED_LOW = 0x01000193;

function mix(h: number, x: number): number {
  let k = Math.imul(x, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The lanes of the value last hashed (set by `hashValue`, read at once by its caller). */
let outHigh = 0;
let outLow = 0;

const TAG_NULL = 1;
const TAG_FALSE = 2;
const TAG_TRUE = 3;
const TAG_NUMBER = 4;
const TAG_STRING = 5;
const TAG_ARRAY = 6;
const TAG_OBJECT = 7;
const TAG_UNDEFINED = 8;

const scratch = new Float64Array(1);
const scratchWords = new Int32Array(scratch.buffer);

function hashNumber(h: number, x: number): number {
  if ((x | 0) === x) return mix(h, x);
  scratch[0] = x;
  return mix(mix(h, scratchWords[0]!), scratchWords[1]!);
}

/** Strings repeat across states (field names, node ids, values): each is hashed once, its lanes kept (bounded). */
const stringLanes = new Map<string, { high: number; low: number }>();
const STRINGS_KEPT_MAX = 200_000;

function hashString(text: string): void {
  const known = stringLanes.get(text);
  if (known !== undefined) {
    outHigh = known.high;
    outLow = known.low;
    return;
  }
  let a = mix(SEED_HIGH, TAG_STRING);
  let b = mix(SEED_LOW, TAG_STRING);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = mix(a, c);
    b = mix(b, c ^ 0x5bd1e995);
  }
  outHigh = finish(a ^ text.length);
  outLow = finish(b ^ text.length);
  if (stringLanes.size >= STRINGS_KEPT_MAX) stringLanes.clear();
  stringLanes.set(text, { high: outHigh, low: outLow });
}

/** The lanes of the small non-negative integers (offsets, epochs, ids, counts), computed once. */
const SMALL_INTS = 4_096;
const smallIntHigh = new Int32Array(SMALL_INTS);
const smallIntLow = new Int32Array(SMALL_INTS);
for (let i = 0; i < SMALL_INTS; i++) {
  smallIntHigh[i] = finish(hashNumber(mix(SEED_HIGH, TAG_NUMBER), i));
  smallIntLow[i] = finish(hashNumber(mix(SEED_LOW, TAG_NUMBER), i ^ 0x2545f491));
}

function hashNumberValue(value: number): void {
  if (value >= 0 && value < SMALL_INTS && (value | 0) === value) {
    outHigh = smallIntHigh[value]! >>> 0;
    outLow = smallIntLow[value]! >>> 0;
    return;
  }
  outHigh = finish(hashNumber(mix(SEED_HIGH, TAG_NUMBER), value));
  outLow = finish(hashNumber(mix(SEED_LOW, TAG_NUMBER), value ^ 0x2545f491));
}

/** The lanes of `value`, whatever came before it (callers fold them into their own). */
function hashValue(value: unknown): void {
  switch (typeof value) {
    case 'string':
      return hashString(value);
    case 'number':
      return hashNumberValue(value);
    case 'boolean': {
      const tag = value ? TAG_TRUE : TAG_FALSE;
      outHigh = finish(mix(SEED_HIGH, tag));
      outLow = finish(mix(SEED_LOW, tag));
      return;
    }
    case 'undefined':
      outHigh = finish(mix(SEED_HIGH, TAG_UNDEFINED));
      outLow = finish(mix(SEED_LOW, TAG_UNDEFINED));
      return;
    case 'object':
      break;
    default:
      throw new Error(`not plain data: a ${typeof value}`);
  }
  if (value === null) {
    outHigh = finish(mix(SEED_HIGH, TAG_NULL));
    outLow = finish(mix(SEED_LOW, TAG_NULL));
    return;
  }
  if (Array.isArray(value)) {
    let a = mix(SEED_HIGH, TAG_ARRAY);
    let b = mix(SEED_LOW, TAG_ARRAY);
    for (let i = 0; i < value.length; i++) {
      hashValue(value[i]);
      a = mix(a, outHigh);
      b = mix(b, outLow);
    }
    outHigh = finish(a ^ value.length);
    outLow = finish(b ^ value.length);
    return;
  }
  hashFields(value as Record<string, unknown>);
}

/** An object as the set of its defined fields: per-field hashes (name and value mixed) summed, so their order does
 * not count. */
function hashFields(record: Record<string, unknown>): void {
  let sumHigh = 0;
  let sumLow = 0;
  let count = 0;
  for (const key in record) {
    const field = record[key];
    if (field === undefined) continue;
    hashString(key);
    const keyHigh = outHigh;
    const keyLow = outLow;
    hashValue(field);
    sumHigh = (sumHigh + finish(mix(keyHigh, outHigh))) | 0;
    sumLow = (sumLow + finish(mix(keyLow, outLow))) | 0;
    count++;
  }
  outHigh = finish(mix(mix(SEED_HIGH, TAG_OBJECT), sumHigh) ^ count);
  outLow = finish(mix(mix(SEED_LOW, TAG_OBJECT), sumLow) ^ count);
}

/**
 * The lanes of objects that never change once their state is found: node states and disks (a successor borrows
 * what its step did not touch, kernel/copy-on-write.ts) and messages (never changed once sent). A successor then
 * hashes only what its step changed. Weak: an object no state holds any more is forgotten with it.
 */
const frozenLanes = new WeakMap<object, { high: number; low: number }>();

/** Folds a value into a running pair of lanes. */
class Lanes {
  high = SEED_HIGH;
  low = SEED_LOW;
  constructor(readonly cached: boolean) {}
  add(value: unknown): void {
    hashValue(value);
    this.high = mix(this.high, outHigh);
    this.low = mix(this.low, outLow);
  }
  mixIn(high: number, low: number): void {
    this.high = mix(this.high, high);
    this.low = mix(this.low, low);
  }
  /** As `add`, for a value that never changes once its state is found (see `frozenLanes`). `place` names where in
   * the state it sits (a node's state, its disk, the spec model): the last object seen there is checked first,
   * since a state's successors share most of it. */
  addFrozen(value: unknown, place = -1): void {
    if (!this.cached || typeof value !== 'object' || value === null) return this.add(value);
    if (place >= 0 && recentObjects[place] === value) return this.mixIn(recentHigh[place]!, recentLow[place]!);
    let known = frozenLanes.get(value);
    if (!known) {
      hashValue(value);
      known = { high: outHigh, low: outLow };
      frozenLanes.set(value, known);
    }
    if (place >= 0 && place < PLACES_MAX) {
      recentObjects[place] = value;
      recentHigh[place] = known.high;
      recentLow[place] = known.low;
    }
    this.mixIn(known.high, known.low);
  }
}

/** Per place in a state (see `addFrozen`), the frozen object last hashed there and its lanes. Strong references to
 * at most PLACES_MAX objects. */
const PLACES_MAX = 64;
const PLACE_SPEC = 0;
const recentObjects: (object | undefined)[] = new Array<object | undefined>(PLACES_MAX).fill(undefined);
const recentHigh = new Int32Array(PLACES_MAX);
const recentLow = new Int32Array(PLACES_MAX);

/** An envelope's lanes: its ends and its message (not its id or send time). Envelopes are never changed once sent
 * (shared by the states whose links hold them), so in a cached walk each is hashed once. */
const envelopeLanes = new WeakMap<Envelope, { high: number; low: number }>();

function addEnvelope(lanes: Lanes, envelope: Envelope): void {
  let known = lanes.cached ? envelopeLanes.get(envelope) : undefined;
  if (!known) {
    const own = new Lanes(lanes.cached);
    own.add(envelope.from);
    own.add(envelope.to);
    own.addFrozen(envelope.message);
    known = { high: own.high, low: own.low };
    if (lanes.cached) envelopeLanes.set(envelope, known);
  }
  lanes.mixIn(known.high, known.low);
}

function addEnvelopes(lanes: Lanes, envelopes: readonly Envelope[]): void {
  lanes.add(envelopes.length);
  for (const envelope of envelopes) addEnvelope(lanes, envelope);
}

/** A timer's lanes: its node, name and deadline (not its sequence number). Timers are never changed once set. */
const timerLanes = new WeakMap<Timer, { high: number; low: number }>();

/** The timer list last hashed in a cached walk (never changed: a successor's world copies the list) and its
 * lanes: a state's successors mostly leave the list as it was, timer for timer. */
let recentTimers: readonly Timer[] = [];
let recentTimersHigh = 0;
let recentTimersLow = 0;

function sameTimers(a: readonly Timer[], b: readonly Timer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function addTimers(lanes: Lanes, timers: readonly Timer[]): void {
  if (lanes.cached && sameTimers(timers, recentTimers)) return lanes.mixIn(recentTimersHigh, recentTimersLow);
  const list = new Lanes(lanes.cached);
  addTimerList(list, timers);
  if (lanes.cached) {
    recentTimers = timers;
    recentTimersHigh = list.high;
    recentTimersLow = list.low;
  }
  lanes.mixIn(list.high, list.low);
}

function addTimerList(lanes: Lanes, timers: readonly Timer[]): void {
  lanes.add(timers.length);
  for (const timer of timers) {
    let known = lanes.cached ? timerLanes.get(timer) : undefined;
    if (!known) {
      const own = new Lanes(false);
      own.add(timer.node);
      own.add(timer.name);
      own.add(timer.dueMs);
      known = { high: own.high, low: own.low };
      if (lanes.cached) timerLanes.set(timer, known);
    }
    lanes.mixIn(known.high, known.low);
  }
}

function addWorld(lanes: Lanes, world: World): void {
  lanes.add(world.nowMs);
  const nodeIds = world.nodeIds;
  for (let i = 0; i < nodeIds.length; i++) {
    const node = nodeIds[i]!;
    const slot = world.nodes[node]!;
    lanes.add(slot.status);
    lanes.add(slot.incarnation);
    lanes.addFrozen(slot.state, 1 + 2 * i);
    const disk = world.disks[node];
    if (disk) lanes.addFrozen(disk, 2 + 2 * i);
  }
  // Links in key order (the record's own order depends on which link was used first): a cached walk takes the
  // kernel's sorted index of them, a fresh one sorts the keys (so the sharing check also checks the index).
  for (const key of lanes.cached ? busyLinkKeys(world) : Object.keys(world.links).sort()) {
    lanes.add(key);
    addEnvelopes(lanes, world.links[key]!);
  }
  lanes.add(world.cuts);
  addTimers(lanes, world.timers);
}

const NONE: readonly string[] = [];

/** The state's fingerprint. `cached: false` walks everything afresh: how a test shows that no found state changed
 * (a cached walk would not see it). */
export function fingerprintOf(state: McState, cached = true): Fingerprint {
  const run = state.run;
  const lanes = new Lanes(cached);
  addWorld(lanes, run.simulation.world);
  // Borrowed from the parent until a client's observation changes it (mc-state.ts): found once, never changed.
  lanes.addFrozen(run.spec, PLACE_SPEC);
  lanes.add(run.invariants);
  lanes.add(run.budget);
  lanes.add(run.reportedInvariants.size === 0 ? NONE : [...run.reportedInvariants].sort());
  lanes.add(run.ackedAll);
  lanes.add(run.batchKeys.size === 0 ? NONE : [...run.batchKeys].sort());
  lanes.add(run.failed);
  lanes.add(state.used.sends);
  lanes.add(state.used.polls);
  lanes.add(state.used.faults);
  lanes.add(state.used.drops);
  return { high: finish(lanes.high), low: finish(lanes.low) };
}
