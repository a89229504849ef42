/**
 * The little of the cluster that coverage looks at after a step: per broker its status and, per replica, role,
 * leader epoch, HW and log end offset; per partition the controller's leader, epoch and ISR. It is read either
 * from the live simulation (cheap: no log is copied) or from a recorded run's snapshot, so that the same fold
 * (situations.ts) judges both. Of record contents only the values are read, to tell a replica diverged from its leader.
 */
import type { NodeId } from '../../system/kernel/ids.ts';
import type { NodeStatus } from '../../system/kernel/world.ts';
import { controllerView, type Simulation } from '../../system/simulation.ts';
import type { ClusterSnapshot } from '../runner/snapshot.ts';

export interface ReplicaReading {
  partition: number;
  role: 'leader' | 'follower' | 'none';
  leaderEpoch: number;
  highWatermark: number;
  logEndOffset: number;
  /** The log's records, values only (shared with the live log, not copied): for divergence from the leader. */
  records: ReadonlyArray<{ readonly value: string }>;
}

export interface BrokerReading {
  node: NodeId;
  status: NodeStatus;
  /** None while the broker is crashed (a crashed process has no memory to read). */
  replicas: ReplicaReading[];
}

export interface RegistrationReading {
  partition: number;
  leader: number;
  leaderEpoch: number;
  isr: readonly number[];
}

export interface CoverageReading {
  brokers: BrokerReading[];
  registrations: RegistrationReading[];
}

export function readingOfSimulation(simulation: Simulation): CoverageReading {
  const { world, env } = simulation;
  const brokers: BrokerReading[] = [];
  for (const node of world.nodeIds) {
    const slot = world.nodes[node]!;
    if (slot.kind !== 'broker') continue;
    const replicas = slot.status === 'crashed' ? [] : env.broker.inspect(slot.state).replicas;
    brokers.push({
      node,
      status: slot.status,
      replicas: replicas.map((r) => ({ partition: r.partition, role: r.role, leaderEpoch: r.leaderEpoch, highWatermark: r.highWatermark, logEndOffset: r.log.length, records: r.log })),
    });
  }
  const registrations = Object.entries(controllerView(simulation).partitions).map(([p, reg]) => ({ partition: Number(p), leader: reg.leader, leaderEpoch: reg.leaderEpoch, isr: [...reg.isr] }));
  return { brokers, registrations };
}

export function readingOfSnapshot(snapshot: ClusterSnapshot): CoverageReading {
  return {
    brokers: snapshot.brokers.map((b) => ({
      node: b.node,
      status: b.status,
      replicas: b.replicas.map((r) => ({ partition: r.partition, role: r.role, leaderEpoch: r.leaderEpoch, highWatermark: r.highWatermark, logEndOffset: r.values.length, records: r.values.map((value) => ({ value })) })),
    })),
    registrations: snapshot.controller.map((c) => ({ partition: c.partition, leader: c.leader, leaderEpoch: c.leaderEpoch, isr: c.isr })),
  };
}

export function replicaOf(broker: BrokerReading | undefined, partition: number): ReplicaReading | undefined {
  return broker?.replicas.find((r) => r.partition === partition);
}
