/**
 * Runs one input through a node's logic and applies what it asks for: messages onto links, timers onto the
 * clock, writes onto its disk, observations into the step's events.
 */
import { ownDisk, ownNodeState, replaceNodeState } from './copy-on-write.ts';
import { applyDiskOp } from './disk.ts';
import type { EventSink, SimulationEnvironment } from './environment.ts';
import type { NodeId, NodeKind } from './ids.ts';
import type { InitContext, NodeContext, NodeInput, NodeLogic, Output } from './node-logic.ts';
import { sendMessage } from './network.ts';
import { cancelTimer, setTimer } from './timers.ts';
import type { World } from './world.ts';
import { assert } from './assert.ts';

export function logicFor(env: SimulationEnvironment, kind: NodeKind): NodeLogic<unknown> {
  switch (kind) {
    case 'broker':
      return env.broker;
    case 'controller':
      return env.controller;
    case 'producer':
      return env.producer;
    case 'consumer':
      return env.consumer;
    default: {
      const never: never = kind;
      throw new Error(`unknown node kind ${String(never)}`);
    }
  }
}

export function applyOutputs(world: World, node: NodeId, outputs: readonly Output[], sink: EventSink): void {
  for (const output of outputs) {
    switch (output.type) {
      case 'send':
        sendMessage(world, node, output.to, output.message, sink);
        break;
      case 'setTimer':
        setTimer(world, node, output.name, output.delayMs);
        break;
      case 'cancelTimer':
        cancelTimer(world, node, output.name);
        break;
      case 'disk': {
        const disk = ownDisk(world, node);
        assert(disk, `${node} wrote to a disk but has none`);
        applyDiskOp(disk, output.op, world.config.flush);
        break;
      }
      case 'observe':
        sink.push({ type: 'observed', node, observation: output.observation });
        break;
      default: {
        const never: never = output;
        assert(false, `${node} returned an unknown output ${JSON.stringify(never)}`);
      }
    }
  }
}

function contextOf(world: World, node: NodeId): NodeContext {
  return { self: node, nowMs: world.nowMs, config: world.config };
}

/** Delivers one input to a node that is up. */
export function dispatch(world: World, env: SimulationEnvironment, node: NodeId, input: NodeInput, sink: EventSink): void {
  const slot = world.nodes[node]!;
  assert(slot.status === 'up', `input to ${node} while ${slot.status}`);
  const logic = logicFor(env, slot.kind);
  ownNodeState(world, node);
  const transition = logic.handle(slot.state, input, contextOf(world, node));
  slot.state = transition.state;
  applyOutputs(world, node, transition.outputs, sink);
  sink.afterTransition?.(node);
}

/** Starts (or restarts) a node from what its disk holds. */
export function boot(world: World, env: SimulationEnvironment, node: NodeId, diskContents: InitContext['disk'], sink: EventSink): void {
  const slot = world.nodes[node]!;
  slot.status = 'up';
  slot.incarnation += 1;
  replaceNodeState(world, node);
  const logic = logicFor(env, slot.kind);
  const transition = logic.init({ ...contextOf(world, node), incarnation: slot.incarnation, disk: diskContents });
  slot.state = transition.state;
  applyOutputs(world, node, transition.outputs, sink);
  sink.afterTransition?.(node);
}
