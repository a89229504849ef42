/**
 * The simulated cluster as one value to drive: a world (data) with the environment that runs on it (code),
 * plus what happened so far. `step` applies one schedule step and returns its events; tests and the runner
 * read observations and broker views from here.
 */
import { referenceBroker } from './broker/reference-broker.ts';
import { consumerLogic } from './clients/consumer/consumer.ts';
import { producerLogic } from './clients/producer/producer.ts';
import type { ClusterConfig } from './config/config.ts';
import { controllerLogic } from './controller/controller.ts';
import type { ControllerState } from './controller/controller-state.ts';
import { applyStep } from './kernel/apply-step.ts';
import type { BrokerLogic, BrokerView } from './kernel/broker-logic.ts';
import type { ControllerLogic } from './kernel/controller-logic.ts';
import { createWorld } from './kernel/create-world.ts';
import type { EventSink, SimulationEnvironment } from './kernel/environment.ts';
import type { KernelEvent } from './kernel/events.ts';
import { hashOf } from './kernel/hash.ts';
import { CONTROLLER_NODE, type NodeId } from './kernel/ids.ts';
import type { NodeLogic } from './kernel/node-logic.ts';
import type { Observation } from './kernel/observations.ts';
import type { Step } from './kernel/steps.ts';
import type { World } from './kernel/world.ts';

/** The reference controller unless a controller variant (the bug zoo's controller-side entries) is given. */
export function simulationEnvironment(
  broker: BrokerLogic<unknown> = referenceBroker as BrokerLogic<unknown>,
  controller: ControllerLogic<unknown> = controllerLogic as ControllerLogic<unknown>,
): SimulationEnvironment {
  return {
    broker,
    controller,
    producer: producerLogic as NodeLogic<unknown>,
    consumer: consumerLogic as NodeLogic<unknown>,
  };
}

/** Keeps every event: for traces and tests. */
export class EventLog implements EventSink {
  readonly events: KernelEvent[] = [];
  constructor(readonly afterTransition?: (node: NodeId) => void) {}
  push(event: KernelEvent): void {
    this.events.push(event);
  }
}

/** Counts events and keeps only observations: for benchmarks and long runs. */
export class ObservationSink implements EventSink {
  eventCount = 0;
  readonly observations: Observation[] = [];
  push(event: KernelEvent): void {
    this.eventCount++;
    if (event.type === 'observed') this.observations.push(event.observation);
  }
}

export interface Simulation {
  world: World;
  env: SimulationEnvironment;
  /** Events of the boot, then of each step, in order. */
  stepEvents: KernelEvent[][];
}

export function startSimulation(config: ClusterConfig, broker?: BrokerLogic<unknown>, controller?: ControllerLogic<unknown>): Simulation {
  const env = simulationEnvironment(broker, controller);
  const boot = new EventLog();
  const world = createWorld(config, env, boot);
  return { world, env, stepEvents: [boot.events] };
}

/** Applies one step; `afterTransition` sees the world after each transition a node takes within it, and the step's
 * sink, through which it may apply more within the step (a trigger's fault, right after its event). */
export function step(simulation: Simulation, next: Step, afterTransition?: (node: NodeId, events: readonly KernelEvent[], sink: EventSink) => void): KernelEvent[] {
  const log: EventLog = new EventLog(afterTransition ? (node) => afterTransition(node, log.events, log) : undefined);
  applyStep(simulation.world, simulation.env, next, log);
  simulation.stepEvents.push(log.events);
  return log.events;
}

export function runSteps(simulation: Simulation, steps: readonly Step[]): Simulation {
  for (const next of steps) step(simulation, next);
  return simulation;
}

export function observationsOf(simulation: Simulation): Observation[] {
  const observations: Observation[] = [];
  for (const events of simulation.stepEvents) {
    for (const event of events) if (event.type === 'observed') observations.push(event.observation);
  }
  return observations;
}

/** The broker's view through its logic's `inspect`, or undefined while it is down. */
export function brokerView(simulation: Simulation, node: NodeId): BrokerView | undefined {
  const slot = simulation.world.nodes[node];
  if (!slot || slot.kind !== 'broker' || slot.status === 'crashed') return undefined;
  return simulation.env.broker.inspect(slot.state);
}

export function controllerView(simulation: Simulation): ControllerState {
  return simulation.world.nodes[CONTROLLER_NODE]!.state as ControllerState;
}

export function worldHash(simulation: Simulation): string {
  return hashOf(simulation.world);
}
