/**
 * The one shape every simulated node has: a state machine `(state, input) → (state, outputs)`. The kernel owns
 * the network, the clock, the disks and the faults; a node's logic owns only its protocol. A handler may update
 * the state it is given in place and return it, or return a new object: the kernel never looks at the old one.
 * Handlers must be deterministic: no randomness, no wall-clock time, no I/O.
 */
import type { ClusterConfig } from '../config/config.ts';
import type { Message } from '../protocol/messages.ts';
import type { DiskContents, DiskOp } from './disk.ts';
import type { NodeId } from './ids.ts';
import type { Observation } from './observations.ts';

/** A command a schedule gives a client: a producer sends a record, a consumer polls; a group member also commits,
 * leaves its group and subscribes again. */
export type ClientCommand = { type: 'send'; key: string | null; value: string } | { type: 'poll' } | { type: 'commit' } | { type: 'leave' } | { type: 'subscribe' };

export type NodeInput =
  | { type: 'message'; from: NodeId; message: Message }
  | { type: 'timer'; name: string }
  | { type: 'command'; command: ClientCommand };

export type Output =
  | { type: 'send'; to: NodeId; message: Message }
  /** Sets (or resets) the node's timer of that name to fire after `delayMs` of virtual time. */
  | { type: 'setTimer'; name: string; delayMs: number }
  | { type: 'cancelTimer'; name: string }
  | { type: 'disk'; op: DiskOp }
  | { type: 'observe'; observation: Observation };

export interface Transition<S> {
  state: S;
  outputs: Output[];
}

export interface NodeContext {
  self: NodeId;
  nowMs: number;
  config: ClusterConfig;
}

export interface InitContext extends NodeContext {
  /** Counts the starts of this node: 1 at the first boot, +1 at each restart. */
  incarnation: number;
  /** The page cache of the node's disk as it is at start (empty for clients and the controller). */
  disk: DiskContents;
}

export interface NodeLogic<S> {
  init(ctx: InitContext): Transition<S>;
  handle(state: S, input: NodeInput, ctx: NodeContext): Transition<S>;
}
