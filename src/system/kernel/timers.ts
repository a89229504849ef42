/**
 * Timers on the virtual clock, and the OS writeback of each disk. A node has at most one timer per name;
 * setting it again moves it. Due work is taken earliest first, ties broken by the order it was set.
 */
import type { NodeId } from './ids.ts';
import type { Timer, World } from './world.ts';

/**
 * Each node's timers by name, kept beside the world (keyed by its `timers` list) rather than in it, so that the
 * world's data (and its hash) stay what they are: `world.timers` alone is the timers, in the order they were set.
 * The index is a pure function of that list, so a list not seen before (a cloned world) is indexed once; so that
 * it stays true, only this module changes the list.
 */
const timersByList = new WeakMap<Timer[], Map<NodeId, Map<string, Timer>>>();

function indexOf(world: World): Map<NodeId, Map<string, Timer>> {
  let index = timersByList.get(world.timers);
  if (!index) {
    index = new Map();
    for (const timer of world.timers) namedTimersOf(index, timer.node).set(timer.name, timer);
    timersByList.set(world.timers, index);
  }
  return index;
}

function namedTimersOf(index: Map<NodeId, Map<string, Timer>>, node: NodeId): Map<string, Timer> {
  let named = index.get(node);
  if (!named) index.set(node, (named = new Map()));
  return named;
}

/** Where `timer` is in the list: the list is in `seq` order, since a timer (re)set is appended with the next seq. */
function positionOf(timers: readonly Timer[], timer: Timer): number {
  let low = 0;
  let high = timers.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timers[middle]!.seq < timer.seq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Removes the entry at `index`, shifting the rest down: `splice` would allocate a list of what it removed, and
 * `copyWithin` is many times slower than this loop on V8. */
function removeAt(timers: Timer[], index: number): void {
  for (let i = index + 1; i < timers.length; i++) timers[i - 1] = timers[i]!;
  timers.pop();
}

export function setTimer(world: World, node: NodeId, name: string, delayMs: number): void {
  cancelTimer(world, node, name);
  const timer: Timer = { node, name, dueMs: world.nowMs + Math.max(0, delayMs), seq: world.nextTimerSeq++ };
  namedTimersOf(indexOf(world), node).set(name, timer);
  world.timers.push(timer);
}

export function cancelTimer(world: World, node: NodeId, name: string): void {
  const named = indexOf(world).get(node);
  const timer = named?.get(name);
  if (!timer) return;
  named!.delete(name);
  removeAt(world.timers, positionOf(world.timers, timer));
}

/** Removes and returns the timer at `index` of `world.timers` (the one `nextDueWork` picked). */
export function takeTimerAt(world: World, index: number): Timer {
  const timer = world.timers[index]!;
  indexOf(world).get(timer.node)?.delete(timer.name);
  removeAt(world.timers, index);
  return timer;
}

export function cancelTimersOf(world: World, node: NodeId): void {
  const index = indexOf(world);
  const timers = world.timers;
  let kept = 0;
  for (const timer of timers) if (timer.node !== node) timers[kept++] = timer;
  timers.length = kept;
  index.delete(node);
}

export type DueWork = { kind: 'timer'; index: number; dueMs: number } | { kind: 'writeback'; node: NodeId; dueMs: number };

/** The earliest work due at or before `limitMs`, skipping paused nodes' timers; undefined when none. Ties go to
 * writebacks (the OS does not wait for the process), then to the timer set first. */
export function nextDueWork(world: World, limitMs: number): DueWork | undefined {
  // Writebacks first, in node order: on a tie with an earlier one or with any timer, the earlier writeback wins.
  let writebackNode: NodeId | undefined;
  let bestMs = limitMs;
  for (const node of world.nodeIds) {
    const dueMs = world.disks[node]?.nextWritebackMs ?? -1;
    if (dueMs >= 0 && (writebackNode === undefined ? dueMs <= bestMs : dueMs < bestMs)) {
      writebackNode = node;
      bestMs = dueMs;
    }
  }
  // Timers are kept in the order they were set (seq order), so the first one at the earliest time wins a tie.
  let timerIndex = -1;
  const timers = world.timers;
  for (let i = 0; i < timers.length; i++) {
    const timer = timers[i]!;
    const beats = writebackNode === undefined && timerIndex < 0 ? timer.dueMs <= bestMs : timer.dueMs < bestMs;
    if (beats && world.nodes[timer.node]!.status === 'up') {
      timerIndex = i;
      bestMs = timer.dueMs;
    }
  }
  if (timerIndex >= 0) return { kind: 'timer', index: timerIndex, dueMs: bestMs };
  return writebackNode === undefined ? undefined : { kind: 'writeback', node: writebackNode, dueMs: bestMs };
}
