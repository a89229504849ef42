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
  let best: DueWork | undefined;
  let bestRank = Infinity;
  const consider = (work: DueWork, rank: number) => {
    if (work.dueMs > limitMs) return;
    if (!best || work.dueMs < best.dueMs || (work.dueMs === best.dueMs && rank < bestRank)) {
      best = work;
      bestRank = rank;
    }
  };
  world.nodeIds.forEach((node, nodeIndex) => {
    const disk = world.disks[node];
    if (disk && disk.nextWritebackMs >= 0) consider({ kind: 'writeback', node, dueMs: disk.nextWritebackMs }, nodeIndex - world.nodeIds.length);
  });
  world.timers.forEach((timer, index) => {
    if (world.nodes[timer.node]!.status === 'up') consider({ kind: 'timer', index, dueMs: timer.dueMs }, timer.seq);
  });
  return best;
}
