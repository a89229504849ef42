/**
 * Helpers for hand-written scenarios: boot a cluster to a steady state, read logs, ISR and leaders, and
 * consume every partition to the end. Each helper is a few schedule steps, so a scenario reads as its story.
 */
import { makeClusterConfig } from '../../src/system/config/validate.ts';
import type { ConsumerState } from '../../src/system/clients/consumer/consumer.ts';
import type { ClusterConfig } from '../../src/system/config/config.ts';
import type { BrokerLogic } from '../../src/system/kernel/broker-logic.ts';
import type { Observation, SendAcked, SendFailed } from '../../src/system/kernel/observations.ts';
import {
  brokerView,
  controllerView,
  observationsOf,
  runSteps,
  startSimulation,
  step,
  type Simulation,
} from '../../src/system/simulation.ts';

export function config(input: Record<string, unknown>): ClusterConfig {
  return makeClusterConfig(input);
}

/** Boots the cluster and lets it settle: leaders elected, followers fetching, clients holding metadata. */
export function bootCluster(clusterConfig: ClusterConfig, broker?: BrokerLogic<unknown>): Simulation {
  const simulation = startSimulation(clusterConfig, broker);
  return runSteps(simulation, [{ type: 'run', ms: 1_000 }]);
}

export function logValues(simulation: Simulation, node: string, partition = 0): string[] | undefined {
  const replica = brokerView(simulation, node)?.replicas.find((r) => r.partition === partition);
  return replica?.log.map((r) => r.value);
}

export function replicaOf(simulation: Simulation, node: string, partition = 0) {
  return brokerView(simulation, node)?.replicas.find((r) => r.partition === partition);
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

function hasFetchInFlight(simulation: Simulation, consumer: string): boolean {
  const state = simulation.world.nodes[consumer]!.state as ConsumerState;
  return Object.keys(state.inFlight).length > 0 || state.metadataCorrelationId >= 0;
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
    idlePolls = fresh === 0 && !hasFetchInFlight(simulation, consumer) ? idlePolls + 1 : 0;
  }
  return read;
}

/** Values in the order a consumer read them, partition after partition as the polls returned them. */
export function consumedInOrder(simulation: Simulation): string[] {
  return observed(simulation, 'pollReturned').flatMap((o) => o.records.map((r) => r.value));
}
