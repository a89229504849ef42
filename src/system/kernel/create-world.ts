/**
 * A fresh world for a configuration: every node booted at virtual time 0, brokers with empty disks. The
 * brokers' registrations are in flight; a first `run` or `deliverAll` lets the controller elect leaders.
 */
import type { ClusterConfig } from '../config/config.ts';
import { createDisk, diskContents } from './disk.ts';
import type { EventSink, SimulationEnvironment } from './environment.ts';
import { boot } from './dispatch.ts';
import { brokerNode, consumerNode, CONTROLLER_NODE, nodeKindOf, producerNode, type NodeId } from './ids.ts';
import type { World } from './world.ts';

export function nodeIdsOf(config: ClusterConfig): NodeId[] {
  return [
    ...Array.from({ length: config.brokers }, (_, i) => brokerNode(i)),
    CONTROLLER_NODE,
    ...config.producers.map((_, i) => producerNode(i)),
    ...config.consumers.map((_, i) => consumerNode(i)),
  ];
}

export function createWorld(config: ClusterConfig, env: SimulationEnvironment, sink: EventSink): World {
  const nodeIds = nodeIdsOf(config);
  const world: World = {
    config,
    nowMs: 0,
    nodeIds,
    nodes: {},
    links: {},
    cuts: {},
    timers: [],
    disks: {},
    nextEnvelopeId: 0,
    nextTimerSeq: 0,
  };
  for (const node of nodeIds) {
    const kind = nodeKindOf(node)!;
    // Up before any boots, so that what a booting node sends reaches nodes booted after it.
    world.nodes[node] = { kind, status: 'up', incarnation: 0, state: null };
    if (kind === 'broker') world.disks[node] = createDisk(config.flush);
  }
  for (const node of nodeIds) {
    const disk = world.disks[node];
    boot(world, env, node, disk ? diskContents(disk) : {}, sink);
  }
  return world;
}
