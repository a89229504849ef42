/**
 * Reading a simulation the way a scenario states its outcome: which records a replica holds, who leads, the
 * ISR at the controller, what the clients observed, and a bounded read of every partition to the end.
 */
import type { ConsumerState } from '../system/clients/consumer/consumer.ts';
import type { Observation, SendAcked, SendFailed } from '../system/kernel/observations.ts';
import { brokerView, controllerView, observationsOf, startSimulation, runSteps, step, type Simulation } from '../system/simulation.ts';
import type { ClusterConfig } from '../system/config/config.ts';
import type { BrokerLogic } from '../system/kernel/broker-logic.ts';

/** Boots the cluster and lets it settle: leaders elected, followers fetching, clients holding metadata. */
export function bootCluster(clusterConfig: ClusterConfig, broker?: BrokerLogic<unknown>): Simulation {
  return runSteps(startSimulation(clusterConfig, broker), [{ type: 'run', ms: 1_000 }]);
}

export function replicaOf(simulation: Simulation, node: string, partition = 0) {
  return brokerView(simulation, node)?.replicas.find((r) => r.partition === partition);
}

export function logValues(simulation: Simulation, node: string, partition = 0): string[] | undefined {
  return replicaOf(simulation, node, partition)?.log.map((r) => r.value);
}

export function leaderOf(simulation: Simulation, partition = 0): number {
  return controllerView(simulation).partitions[partition]!.leader;
}

export function isrOf(simulation: Simulation, partition = 0): number[] {
  return controllerView(simulation).partitions[partition]!.isr;
}

export function observed<T extends Observation['type']>(simulation: Simulation, type: T): Array<Extract<Observation, { type: T }>> {
  return observationsOf(simulation).filter((o): o is Extract<Observation, { type: T }> => o.type === type);
}

export function acked(simulation: Simulation): SendAcked[] {
  return observed(simulation, 'sendAcked');
}

export function failed(simulation: Simulation): SendFailed[] {
  return observed(simulation, 'sendFailed');
}

function isBusy(simulation: Simulation, consumer: string): boolean {
  const state = simulation.world.nodes[consumer]!.state as ConsumerState | null;
  return state !== null && (Object.keys(state.inFlight).length > 0 || state.metadataCorrelationId >= 0);
}

/** Polls until polls return nothing new (bounded), and returns the values read per partition, in read order.
 * A fetch sent to a crashed leader is answered only by the consumer's request timeout, so rounds wait for it. */
export function consumeAll(simulation: Simulation, consumer = 'consumer0', pollsMax = 200): Record<number, string[]> {
  const read: Record<number, string[]> = {};
  let idlePolls = 0;
  for (let i = 0; i < pollsMax && idlePolls < 3; i++) {
    const events = [...step(simulation, { type: 'poll', consumer }), ...step(simulation, { type: 'run', ms: 1_000 })];
    let fresh = 0;
    for (const event of events) {
      if (event.type !== 'observed' || event.observation.type !== 'pollReturned') continue;
      for (const record of event.observation.records) {
        (read[record.partition] ??= []).push(record.value);
        fresh++;
      }
    }
    idlePolls = fresh === 0 && !isBusy(simulation, consumer) ? idlePolls + 1 : 0;
  }
  return read;
}
