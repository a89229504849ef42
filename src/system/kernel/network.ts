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
  else world.links[key] = [envelope];
}

/** Removes and returns the oldest message on a link, or undefined when it is empty. */
export function takeFromLink(world: World, from: NodeId, to: NodeId): Envelope | undefined {
  const key = linkKey(from, to);
  const queue = world.links[key];
  if (!queue || queue.length === 0) return undefined;
  const envelope = queue.shift()!;
  if (queue.length === 0) delete world.links[key];
  return envelope;
}

/** Drops everything in flight on the links matching `predicate` (a broken connection loses its buffers). */
export function dropLinks(world: World, predicate: (from: NodeId, to: NodeId) => boolean, reason: DropReason, sink: EventSink): void {
  for (const key of Object.keys(world.links).sort()) {
    const queue = world.links[key]!;
    const head = queue[0];
    if (!head || !predicate(head.from, head.to)) continue;
    for (const envelope of queue) sink.push({ type: 'dropped', envelope, reason });
    delete world.links[key];
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

/** Links with a message that can be delivered now (the receiver is up), in a fixed order. */
export function deliverableLinks(world: World): Array<[NodeId, NodeId]> {
  const result: Array<[NodeId, NodeId]> = [];
  for (const key of Object.keys(world.links).sort()) {
    const head = world.links[key]![0]!;
    if (world.nodes[head.to]!.status === 'up') result.push([head.from, head.to]);
  }
  return result;
}
