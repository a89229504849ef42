/**
 * The cluster as the invariants read it after a step: per partition, the replica views of every broker whose
 * view is available (up or paused — a paused process still believes what it did; a crashed one has no
 * memory to read), with the broker's current incarnation, plus the controller's registration. Views are taken
 * once per check and shared by every invariant; logs are read in place, never copied.
 */
import type { ControllerState, PartitionRegistration } from '../../system/controller/controller-state.ts';
import type { ReplicaView } from '../../system/kernel/broker-logic.ts';
import { brokerIdOf, type BrokerId, type NodeId, type PartitionId } from '../../system/kernel/ids.ts';
import { controllerView, type Simulation } from '../../system/simulation.ts';

export interface ReplicaSnapshot {
  /** Taken from the node id (`b2` → 2), not from the view, so a broker cannot misreport who it is. */
  broker: BrokerId;
  node: NodeId;
  status: 'up' | 'paused';
  /** The kernel's count of this node's boots: 1 at the first boot, +1 per restart. */
  incarnation: number;
  replica: ReplicaView;
}

export interface PartitionSnapshot {
  partition: PartitionId;
  /** In broker-id order (the kernel's node order). */
  replicas: ReplicaSnapshot[];
  /** The controller's word on the partition; undefined only for a partition the controller does not know. */
  registration: PartitionRegistration | undefined;
}

export interface ClusterSnapshot {
  controller: ControllerState;
  partitions: PartitionSnapshot[];
}

export function snapshotCluster(simulation: Simulation): ClusterSnapshot {
  const { world, env } = simulation;
  const controller = controllerView(simulation);
  const partitions: PartitionSnapshot[] = [];
  for (let partition = 0; partition < world.config.partitions; partition++) {
    partitions.push({ partition, replicas: [], registration: controller.partitions[partition] });
  }
  for (const node of world.nodeIds) {
    const slot = world.nodes[node]!;
    if (slot.kind !== 'broker' || slot.status === 'crashed') continue;
    const broker = brokerIdOf(node);
    if (broker === undefined) continue;
    const view = env.broker.inspect(slot.state);
    for (const replica of view.replicas) {
      partitions[replica.partition]?.replicas.push({ broker, node, status: slot.status, incarnation: slot.incarnation, replica });
    }
  }
  return { controller, partitions };
}

/** The incarnation the controller has registered for `broker`, undefined before its first registration. */
export function registeredIncarnation(controller: ControllerState, broker: BrokerId): number | undefined {
  return controller.brokers[broker]?.incarnation;
}
