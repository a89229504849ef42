/**
 * Timers on the virtual clock, and the OS writeback of each disk. A node has at most one timer per name;
 * setting it again moves it. Due work is taken earliest first, ties broken by the order it was set.
 */
import type { NodeId } from './ids.ts';
import type { World } from './world.ts';

export function setTimer(world: World, node: NodeId, name: string, delayMs: number): void {
  cancelTimer(world, node, name);
  world.timers.push({ node, name, dueMs: world.nowMs + Math.max(0, delayMs), seq: world.nextTimerSeq++ });
}

export function cancelTimer(world: World, node: NodeId, name: string): void {
  const index = world.timers.findIndex((t) => t.node === node && t.name === name);
  if (index >= 0) world.timers.splice(index, 1);
}

export function cancelTimersOf(world: World, node: NodeId): void {
  world.timers = world.timers.filter((t) => t.node !== node);
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
