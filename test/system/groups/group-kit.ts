/** Helpers for group scenarios: a cluster with `__consumer_offsets` and group members, and readers of what they saw. */
import { makeClusterConfig } from '../../../src/system/config/validate.ts';
import type { ClusterConfig } from '../../../src/system/config/config.ts';
import type { CoordinatorState, Group } from '../../../src/system/coordinator/group-state.ts';
import type { Observation } from '../../../src/system/kernel/observations.ts';
import type { Step } from '../../../src/system/kernel/steps.ts';
import { observationsOf, runSteps, startSimulation, type Simulation } from '../../../src/system/simulation.ts';

export const MEMBER = { groupId: 'g', assignor: 'range', processing: 'commitAfterProcessing', sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000, maxPollIntervalMs: 20_000 };

export function groupConfig(members: number, overrides: Record<string, unknown> = {}, member: Record<string, unknown> = {}): ClusterConfig {
  return makeClusterConfig({
    partitions: 2,
    groups: { offsetsPartitions: 1 },
    consumers: Array.from({ length: members }, () => ({ requestTimeoutMs: 5_000, group: { ...MEMBER, ...member } })),
    ...overrides,
  });
}

export function simulate(config: ClusterConfig, steps: Step[]): Simulation {
  return runSteps(startSimulation(config), steps);
}

export function groupEvents(simulation: Simulation, consumer?: string): Observation[] {
  return observationsOf(simulation).filter((o) => (o.type === 'groupAssigned' || o.type === 'groupRevoked' || o.type === 'offsetCommitted') && (!consumer || o.consumer === consumer));
}

export function assignments(simulation: Simulation): Array<{ consumer: string; generation: number; partitions: number[]; positions: Array<{ partition: number; offset: number }> }> {
  return observationsOf(simulation).flatMap((o) => (o.type === 'groupAssigned' ? [{ consumer: o.consumer, generation: o.generation, partitions: o.partitions, positions: o.positions }] : []));
}

export function coordinatorGroup(simulation: Simulation, broker: string, groupId = 'g'): Group | undefined {
  const state = simulation.world.nodes[broker]!.state as { coordinator?: CoordinatorState } | null;
  return state?.coordinator?.groups[groupId];
}

export const send = (value: string, key = value): Step => ({ type: 'send', producer: 'producer0', key, value });
export const poll = (consumer: string): Step => ({ type: 'poll', consumer });
export const commit = (consumer: string): Step => ({ type: 'commit', consumer });
export const run = (ms: number): Step => ({ type: 'run', ms });
