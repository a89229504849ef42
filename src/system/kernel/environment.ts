/**
 * The code that runs on the nodes of a world: one logic per node kind. A world is data; an environment is
 * the behaviour. Swapping `broker` is how a variant or a student's broker is checked.
 */
import type { BrokerLogic } from './broker-logic.ts';
import type { ControllerLogic } from './controller-logic.ts';
import type { NodeLogic } from './node-logic.ts';
import type { KernelEvent } from './events.ts';
import type { NodeId } from './ids.ts';

export interface SimulationEnvironment {
  broker: BrokerLogic<unknown>;
  controller: ControllerLogic<unknown>;
  producer: NodeLogic<unknown>;
  consumer: NodeLogic<unknown>;
}

/** Collects the events of one step; the bench uses a counting sink to stay cheap. */
export interface EventSink {
  push(event: KernelEvent): void;
  /**
   * Called once a node has taken one transition (handled one input, or booted) and its outputs are applied: the
   * world is in one of its states. A step of the schedule may pass through many; a checker that looks only
   * between steps misses a state the rest of the step leaves behind.
   */
  afterTransition?(node: NodeId): void;
}
