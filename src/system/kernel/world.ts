/**
 * The whole simulated world as plain, serializable data: the virtual clock, every node's status and state,
 * the in-flight messages on each FIFO link, the network cuts, the timers and the brokers' disks. Nothing here
 * holds a function or a class instance, so a world can be cloned, hashed, saved and replayed.
 *
 * The kernel keeps indexes beside a world, never in it (the busy links in network.ts, each node's timers in
 * timers.ts, what a disk file's two copies share in disk.ts), keyed by the lists and records they index: a cloned
 * world gets its own, built on first use. So only those modules may change `links`, `timers` and `disks` in place;
 * code that restores a world assigns new lists and records instead.
 */
import type { ClusterConfig } from '../config/config.ts';
import type { Message } from '../protocol/messages.ts';
import type { Disk } from './disk.ts';
import type { NodeId, NodeKind } from './ids.ts';
import type { Trigger } from './steps.ts';

export type NodeStatus = 'up' | 'crashed' | 'paused';

export interface NodeSlot {
  kind: NodeKind;
  status: NodeStatus;
  incarnation: number;
  /** The logic's state; null while the node is crashed. */
  state: unknown;
}

export interface Envelope {
  id: number;
  from: NodeId;
  to: NodeId;
  sentMs: number;
  message: Message;
}

export interface Timer {
  node: NodeId;
  name: string;
  dueMs: number;
  /** Orders timers due at the same time: the one set first fires first. */
  seq: number;
}

export interface World {
  config: ClusterConfig;
  nowMs: number;
  /** Node ids in a fixed order: brokers, controller, producers, consumers. */
  nodeIds: NodeId[];
  nodes: Record<NodeId, NodeSlot>;
  /** In-flight messages per directed link `from>to`, oldest first (links are FIFO, as TCP). */
  links: Record<string, Envelope[]>;
  /** Directed links that are cut by a network partition. */
  cuts: Record<string, true>;
  timers: Timer[];
  disks: Record<NodeId, Disk>;
  nextEnvelopeId: number;
  nextTimerSeq: number;
  /** Directed links held by a `hold` step: their messages wait. Absent until a schedule holds one. */
  held?: Record<string, true>;
  /** The state of the delivery-order PRNG (`deliveryOrder` step); absent: the fixed link order. */
  deliveryOrderState?: number;
  /** The OS writeback interval set by a `writebackInterval` step; absent: the config's. */
  writebackIntervalMs?: number;
  /** Triggers armed by `on` steps and not yet fired (the runner fires them: properties/runner/triggers.ts). */
  triggers?: Trigger[];
}

/** Link keys are asked for on every message: each is made once (bounded, as ids read from a file are not). */
const linkKeys = new Map<NodeId, Map<NodeId, string>>();
const LINK_KEYS_KEPT_MAX = 4_096;
let linkKeysKept = 0;

export function linkKey(from: NodeId, to: NodeId): string {
  const known = linkKeys.get(from)?.get(to);
  if (known !== undefined) return known;
  const key = `${from}>${to}`;
  if (linkKeysKept < LINK_KEYS_KEPT_MAX) {
    let byTo = linkKeys.get(from);
    if (!byTo) linkKeys.set(from, (byTo = new Map()));
    byTo.set(to, key);
    linkKeysKept++;
  }
  return key;
}
