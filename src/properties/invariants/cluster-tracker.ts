/**
 * The cluster snapshot kept from check to check, for a broker whose views are stable (broker-promises.ts): only
 * the brokers that took a transition or changed status since the last check are read again, and only the
 * partitions whose inputs changed are judged. A partition's invariants read its replicas' views (with each broker's
 * status and incarnation), its registration at the controller (with the incarnations registered for its replicas),
 * the records acked on it, and what earlier checks of it remembered; with all of these as they were, they would find
 * what they found then, and that is reported already (a broken invariant is reported once). So a check costs what a
 * transition changed, not what the cluster holds. A broker without the promise is read whole at every check
 * (`snapshotCluster`).
 */
import type { ControllerState, PartitionRegistration } from '../../system/controller/controller-state.ts';
import type { ReplicaView } from '../../system/kernel/broker-logic.ts';
import { brokerIdOf, type NodeId, type PartitionId } from '../../system/kernel/ids.ts';
import type { NodeStatus } from '../../system/kernel/world.ts';
import { controllerView, type Simulation } from '../../system/simulation.ts';
import type { ClusterSnapshot, PartitionSnapshot, ReplicaSnapshot } from './cluster-snapshot.ts';
import type { AckedRecord } from './types.ts';

/** What a replica's view showed when it was read: primitives and copies, since the view's lists are the broker's own
 * and change in place (a log list keeps its identity, so its length and last record are kept beside it). */
interface ReplicaReading {
  snapshot: ReplicaSnapshot;
  role: ReplicaView['role'];
  leader: number;
  leaderEpoch: number;
  highWatermark: number;
  isr: number[];
  log: ReplicaView['log'];
  logLength: number;
  lastRecord: unknown;
}

interface BrokerReading {
  state: unknown;
  status: NodeStatus;
  incarnation: number;
  /** By partition; none while the broker is crashed (no view). */
  replicas: Array<ReplicaReading | undefined>;
}

/** A registration as it was when judged, with the incarnations the controller had registered for its brokers. */
interface RegistrationReading {
  registration: PartitionRegistration | undefined;
  leader: number;
  leaderEpoch: number;
  partitionEpoch: number;
  isr: readonly number[];
  replicas: readonly number[];
  incarnations: ReadonlyArray<number | undefined>;
}

export interface TrackedCheck {
  cluster: ClusterSnapshot;
  /** Per partition, whether its inputs changed since it was last judged. */
  judged: boolean[];
  ackedByPartition: ReadonlyArray<readonly AckedRecord[] | undefined>;
}

/** Marks a partition of the cluster as to be judged (a view may name one the topic does not have: ignored, as the
 * snapshot ignores it). */
function mark(judged: boolean[], partition: PartitionId): void {
  if (partition >= 0 && partition < judged.length) judged[partition] = true;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function readingOf(snapshot: ReplicaSnapshot): ReplicaReading {
  const { replica } = snapshot;
  const { role, leader, leaderEpoch, highWatermark, log } = replica;
  return { snapshot, role, leader, leaderEpoch, highWatermark, isr: [...replica.isr], log, logLength: log.length, lastRecord: log[log.length - 1] };
}

/** Whether the view shows anything other than `reading` holds. */
function differs(reading: ReplicaReading, replica: ReplicaView): boolean {
  return (
    reading.role !== replica.role ||
    reading.leader !== replica.leader ||
    reading.leaderEpoch !== replica.leaderEpoch ||
    reading.highWatermark !== replica.highWatermark ||
    reading.log !== replica.log ||
    reading.logLength !== replica.log.length ||
    reading.lastRecord !== replica.log[replica.log.length - 1] ||
    !sameList(reading.isr, replica.isr)
  );
}

function readRegistration(registration: PartitionRegistration | undefined, controller: ControllerState): RegistrationReading {
  const isr = registration ? [...registration.isr] : [];
  const replicas = registration ? [...registration.replicas] : [];
  const incarnations: Array<number | undefined> = [];
  for (const broker of isr) incarnations.push(controller.brokers[broker]?.incarnation);
  for (const broker of replicas) incarnations.push(controller.brokers[broker]?.incarnation);
  return {
    registration,
    leader: registration?.leader ?? -1,
    leaderEpoch: registration?.leaderEpoch ?? -1,
    partitionEpoch: registration?.partitionEpoch ?? -1,
    isr,
    replicas,
    incarnations,
  };
}

function sameRegistration(a: RegistrationReading, b: RegistrationReading): boolean {
  if (a.registration !== b.registration || a.leader !== b.leader || a.leaderEpoch !== b.leaderEpoch || a.partitionEpoch !== b.partitionEpoch) return false;
  if (!sameList(a.isr, b.isr) || !sameList(a.replicas, b.replicas) || a.incarnations.length !== b.incarnations.length) return false;
  return a.incarnations.every((incarnation, i) => incarnation === b.incarnations[i]);
}

export class ClusterTracker {
  /** The world's brokers in node order (a world's nodes never change). */
  private brokerNodes: Array<{ node: NodeId; broker: number }> | undefined;
  private readonly brokers = new Map<NodeId, BrokerReading>();
  private readonly transitioned = new Set<NodeId>();
  private registrations: RegistrationReading[] = [];
  private controllerMoved = true;
  private partitions: PartitionSnapshot[] = [];
  private readonly acked: AckedRecord[][] = [];
  private ackedTaken = 0;

  /** The runner tells of every transition a node took, so that the next check reads that node again. */
  noteTransition(node: NodeId, isController: boolean): void {
    if (isController) this.controllerMoved = true;
    else this.transitioned.add(node);
  }

  check(simulation: Simulation, ackedAll: readonly AckedRecord[]): TrackedCheck {
    const partitionCount = simulation.world.config.partitions;
    const judged: boolean[] = new Array<boolean>(partitionCount).fill(this.partitions.length === 0);
    this.readBrokers(simulation, judged);
    const controller = controllerView(simulation);
    if (this.controllerMoved) this.readRegistrations(simulation, judged);
    for (; this.ackedTaken < ackedAll.length; this.ackedTaken++) {
      const record = ackedAll[this.ackedTaken]!;
      (this.acked[record.partition] ??= []).push(record);
      mark(judged, record.partition);
    }
    for (let partition = 0; partition < partitionCount; partition++) {
      if (!judged[partition] && this.partitions[partition]) continue;
      this.partitions[partition] = { partition, replicas: this.replicasOf(simulation, partition), registration: controller.partitions[partition] };
    }
    this.transitioned.clear();
    this.controllerMoved = false;
    return { cluster: { controller, partitions: this.partitions }, judged, ackedByPartition: this.acked };
  }

  /** Reads again every broker that took a transition or changed status; marks the partitions whose view changed. A
   * replica whose view is as it was keeps its reading and snapshot (the old view shows the same). */
  private readBrokers(simulation: Simulation, judged: boolean[]): void {
    const { world, env } = simulation;
    this.brokerNodes ??= world.nodeIds.flatMap((node) => {
      const broker = brokerIdOf(node);
      return world.nodes[node]!.kind === 'broker' && broker !== undefined ? [{ node, broker }] : [];
    });
    for (const { node, broker } of this.brokerNodes) {
      const slot = world.nodes[node]!;
      let reading = this.brokers.get(node);
      if (reading && !this.transitioned.has(node) && reading.state === slot.state && reading.status === slot.status && reading.incarnation === slot.incarnation) continue;
      const statusChanged = !reading || reading.status !== slot.status || reading.incarnation !== slot.incarnation;
      if (!reading) this.brokers.set(node, (reading = { state: slot.state, status: slot.status, incarnation: slot.incarnation, replicas: [] }));
      const before = reading.replicas;
      const after: Array<ReplicaReading | undefined> = [];
      if (slot.status !== 'crashed') {
        for (const replica of env.broker.inspect(slot.state).replicas) {
          const old = before[replica.partition];
          if (old && !statusChanged && !differs(old, replica)) {
            after[replica.partition] = old;
            continue;
          }
          after[replica.partition] = readingOf({ broker, node, status: slot.status, incarnation: slot.incarnation, replica });
          mark(judged, replica.partition);
        }
      }
      for (let partition = 0; partition < before.length; partition++) if (before[partition] && !after[partition]) mark(judged, partition);
      reading.state = slot.state;
      reading.status = slot.status;
      reading.incarnation = slot.incarnation;
      reading.replicas = after;
    }
  }

  private readRegistrations(simulation: Simulation, judged: boolean[]): void {
    const controller = controllerView(simulation);
    for (let partition = 0; partition < judged.length; partition++) {
      const reading = readRegistration(controller.partitions[partition], controller);
      const old = this.registrations[partition];
      if (!old || !sameRegistration(old, reading)) judged[partition] = true;
      this.registrations[partition] = reading;
    }
  }

  /** The partition's replica snapshots in broker-id order (the kernel's node order), as `snapshotCluster` lists them. */
  private replicasOf(simulation: Simulation, partition: PartitionId): ReplicaSnapshot[] {
    const replicas: ReplicaSnapshot[] = [];
    for (const node of simulation.world.nodeIds) {
      const reading = this.brokers.get(node)?.replicas[partition];
      if (reading) replicas.push(reading.snapshot);
    }
    return replicas;
  }
}
