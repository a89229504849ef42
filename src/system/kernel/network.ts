/**
 * FIFO links between nodes. A message sent on a cut link, or to a crashed node, is lost at once (the TCP
 * connection fails); a message to a paused node waits on its link. Which message arrives next is never
 * decided here: the schedule names the link.
 */
import type { Message } from '../protocol/messages.ts';
import type { DropReason } from './events.ts';
import type { EventSink } from './environment.ts';
import type { NodeId } from './ids.ts';
import { linkKey, type Envelope, type World } from './world.ts';

/**
 * The links that hold messages, in key order (the order `deliverAll` goes round in). Kept beside the world, keyed by
 * its `links` record, rather than in it, so that the world's data (and its hash) stay what they are; they are a
 * pure function of that record, so one not seen before (a cloned world) is sorted once. So that they stay true,
 * only this module adds or removes a link's queue.
 */
const busyLinksByRecord = new WeakMap<World['links'], string[]>();

function busyLinks(world: World): string[] {
  let keys = busyLinksByRecord.get(world.links);
  if (!keys) {
    keys = Object.keys(world.links).sort();
    busyLinksByRecord.set(world.links, keys);
  }
  return keys;
}

/** The keys of the links with a message in flight, in key order (the index the kernel keeps; not to be changed). */
export function busyLinkKeys(world: World): readonly string[] {
  return busyLinks(world);
}

/** A copy of `from`'s links record (`to`, holding the same keys) gets a copy of its index, not one built afresh. */
export function copyLinkIndex(from: World['links'], to: World['links']): void {
  const keys = busyLinksByRecord.get(from);
  if (keys) busyLinksByRecord.set(to, keys.slice());
}

/** Where `key` is or would go in the sorted `keys` (the first index whose key is not below it). */
function positionOf(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

// Edits in place, by loops: `splice` would allocate a list of what it removed, on every message to an idle link, and
// `copyWithin` is many times slower on V8.
function openQueue(world: World, key: string, envelope: Envelope): void {
  const keys = busyLinks(world);
  world.links[key] = [envelope];
  const index = positionOf(keys, key);
  keys.push(key);
  for (let i = keys.length - 1; i > index; i--) keys[i] = keys[i - 1]!;
  keys[index] = key;
}

function closeQueue(world: World, key: string): void {
  const keys = busyLinks(world);
  delete world.links[key];
  const index = positionOf(keys, key);
  if (keys[index] !== key) return;
  for (let i = index + 1; i < keys.length; i++) keys[i - 1] = keys[i]!;
  keys.pop();
}

export function sendMessage(world: World, from: NodeId, to: NodeId, message: Message, sink: EventSink): void {
  const envelope: Envelope = { id: world.nextEnvelopeId++, from, to, sentMs: world.nowMs, message };
  const key = linkKey(from, to);
  const target = world.nodes[to];
  if (world.cuts[key]) {
    sink.push({ type: 'dropped', envelope, reason: 'cut' });
    return;
  }
  if (!target || target.status === 'crashed') {
    sink.push({ type: 'dropped', envelope, reason: 'nodeDown' });
    return;
  }
  sink.push({ type: 'sent', envelope });
  const queue = world.links[key];
  if (queue) queue.push(envelope);
  else openQueue(world, key, envelope);
}

/** Removes and returns the oldest message on the link `key`, or undefined when it is empty. */
export function takeFromLinkKey(world: World, key: string): Envelope | undefined {
  const queue = world.links[key];
  if (!queue || queue.length === 0) return undefined;
  const envelope = queue.shift()!;
  if (queue.length === 0) closeQueue(world, key);
  return envelope;
}

/** Removes and returns the oldest message on a link, or undefined when it is empty. */
export function takeFromLink(world: World, from: NodeId, to: NodeId): Envelope | undefined {
  return takeFromLinkKey(world, linkKey(from, to));
}

/** Drops everything in flight on the links matching `predicate` (a broken connection loses its buffers). */
export function dropLinks(world: World, predicate: (from: NodeId, to: NodeId) => boolean, reason: DropReason, sink: EventSink): void {
  for (const key of [...busyLinks(world)]) {
    const queue = world.links[key]!;
    const head = queue[0];
    if (!head || !predicate(head.from, head.to)) continue;
    for (const envelope of queue) sink.push({ type: 'dropped', envelope, reason });
    closeQueue(world, key);
  }
}

export function cutBetween(world: World, group: readonly NodeId[], sink: EventSink): void {
  const inGroup = new Set(group);
  const crosses = (a: NodeId, b: NodeId) => inGroup.has(a) !== inGroup.has(b);
  for (const a of world.nodeIds) {
    for (const b of world.nodeIds) if (crosses(a, b)) world.cuts[linkKey(a, b)] = true;
  }
  dropLinks(world, crosses, 'cut', sink);
}

/** The keys of the links with a message that can be delivered now (the receiver is up, the link not held), in key
 * order. */
export function deliverableLinks(world: World): string[] {
  const result: string[] = [];
  const held = world.held;
  for (const key of busyLinks(world)) {
    if (world.nodes[world.links[key]![0]!.to]!.status === 'up' && held?.[key] !== true) result.push(key);
  }
  return result;
}

export function isHeld(world: World, key: string): boolean {
  return world.held?.[key] === true;
}
