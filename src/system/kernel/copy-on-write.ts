/**
 * Worlds that share what a step did not change. `forkWorld` makes a successor world whose node states and disks are
 * its parent's own objects, borrowed: the kernel copies one the first time it is about to change it (`ownNodeState`
 * before a node's logic runs, `ownDisk` before a disk is written, flushed or loses its page cache). The model
 * checker makes a successor per step so: it costs what the step changes, not the whole world, and the states it
 * did not touch stay the same objects (which its fingerprint cache relies on). The parent must not change after a
 * fork; the checker's states never do once found. What is borrowed is kept beside the world, as the kernel's other
 * indexes are, so the world's data stays plain; a world never forked borrows nothing and costs one lookup.
 */
import { copyPlainData } from './plain-data.ts';
import type { Disk } from './disk.ts';
import { copyLinkIndex } from './network.ts';
import type { NodeId } from './ids.ts';
import type { NodeSlot, World } from './world.ts';

const borrowedStates = new WeakMap<World, Set<NodeId>>();
const borrowedDisks = new WeakMap<World, Set<NodeId>>();

function copyLinks(links: World['links']): World['links'] {
  const copy: World['links'] = {};
  // Envelopes are never changed once sent: the lists are copied, the envelopes shared.
  for (const key in links) copy[key] = links[key]!.slice();
  copyLinkIndex(links, copy);
  return copy;
}

/** A world equal to `parent` that borrows its node states and disks; everything else it may change is its own. */
export function forkWorld(parent: World): World {
  const nodes: Record<NodeId, NodeSlot> = {};
  const states = new Set<NodeId>();
  for (const node of parent.nodeIds) {
    const slot = parent.nodes[node]!;
    nodes[node] = { ...slot };
    if (slot.state !== null) states.add(node);
  }
  const disks: World['disks'] = {};
  const borrowed = new Set<NodeId>();
  for (const node in parent.disks) {
    disks[node as NodeId] = parent.disks[node as NodeId]!;
    borrowed.add(node as NodeId);
  }
  const world: World = {
    ...parent,
    nodes,
    links: copyLinks(parent.links),
    cuts: { ...parent.cuts },
    // Timers are never changed once set: the list is copied, the timers shared.
    timers: parent.timers.slice(),
    disks,
  };
  if (parent.held) world.held = { ...parent.held };
  if (parent.triggers) world.triggers = copyPlainData(parent.triggers);
  borrowedStates.set(world, states);
  borrowedDisks.set(world, borrowed);
  return world;
}

/** Makes `node`'s state this world's own (a copy of a borrowed one) before its logic changes it. */
export function ownNodeState(world: World, node: NodeId): void {
  const borrowed = borrowedStates.get(world);
  if (!borrowed?.delete(node)) return;
  const slot = world.nodes[node]!;
  slot.state = copyPlainData(slot.state);
}

/** The message of an envelope being delivered, as the receiver may keep and change it: in a forked world a copy
 * (the envelope is shared with the parent, whose copy of the link still holds it), elsewhere the message itself. */
export function deliveredMessage<M>(world: World, message: M): M {
  return borrowedStates.has(world) ? copyPlainData(message) : message;
}

/** `node`'s state is about to be replaced whole (a boot): this world's own from now on, with no copy made. */
export function replaceNodeState(world: World, node: NodeId): void {
  borrowedStates.get(world)?.delete(node);
}

/** `node`'s disk, made this world's own (a copy of a borrowed one) for a change. */
export function ownDisk(world: World, node: NodeId): Disk | undefined {
  const disk = world.disks[node];
  if (!disk) return undefined;
  const borrowed = borrowedDisks.get(world);
  if (!borrowed?.delete(node)) return disk;
  const copy = copyPlainData(disk);
  world.disks[node] = copy;
  return copy;
}
