/**
 * The cluster as a person reads it after a step: per broker its status and, per partition, role, leader
 * epoch, log, HW and ISR; per partition the controller's leader and ISR; the messages in flight on each link.
 * Recorded only when asked (cause checks, traces), since it copies every log.
 */
import { brokerView, controllerView, type Simulation } from '../../system/simulation.ts';
import type { Envelope, NodeStatus, World } from '../../system/kernel/world.ts';

export interface ReplicaSnapshot {
  partition: number;
  role: 'leader' | 'follower' | 'none';
  leaderEpoch: number;
  highWatermark: number;
  /** Values in offset order; the log end offset is its length. */
  values: string[];
  isr: number[];
}

export interface BrokerSnapshot {
  node: string;
  status: NodeStatus;
  replicas: ReplicaSnapshot[];
}

export interface ClusterSnapshot {
  nowMs: number;
  brokers: BrokerSnapshot[];
  controller: Array<{ partition: number; leader: number; leaderEpoch: number; isr: number[] }>;
  /** Messages sent and not yet delivered or lost, link by link, oldest first on each link. */
  inFlight: Envelope[];
}

/** The envelopes themselves, not copies: the kernel never changes an envelope once it is sent, so sharing is
 * safe and keeps a snapshot cheap. Links in key order, so the same world gives the same list. */
function inFlightOf(world: World): Envelope[] {
  return Object.keys(world.links)
    .sort()
    .flatMap((link) => world.links[link]!);
}

export function snapshotOf(simulation: Simulation): ClusterSnapshot {
  const world = simulation.world;
  const brokers: BrokerSnapshot[] = [];
  for (const node of world.nodeIds) {
    const slot = world.nodes[node]!;
    if (slot.kind !== 'broker') continue;
    const view = brokerView(simulation, node);
    brokers.push({
      node,
      status: slot.status,
      replicas: (view?.replicas ?? []).map((r) => ({
        partition: r.partition,
        role: r.role,
        leaderEpoch: r.leaderEpoch,
        highWatermark: r.highWatermark,
        values: r.log.map((record) => record.value),
        isr: [...r.isr],
      })),
    });
  }
  const controller = Object.entries(controllerView(simulation).partitions).map(([p, reg]) => ({
    partition: Number(p),
    leader: reg.leader,
    leaderEpoch: reg.leaderEpoch,
    isr: [...reg.isr],
  }));
  return { nowMs: world.nowMs, brokers, controller, inFlight: inFlightOf(world) };
}
