/**
 * The cluster as a person reads it after a step: per broker its status and, per partition, role, leader
 * epoch, log, HW and ISR; per partition the controller's leader and ISR. Recorded only when asked (cause
 * checks, traces), since it copies every log.
 */
import { brokerView, controllerView, type Simulation } from '../../system/simulation.ts';
import type { NodeStatus } from '../../system/kernel/world.ts';

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
  return { nowMs: world.nowMs, brokers, controller };
}
