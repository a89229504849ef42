/**
 * The code that runs on the nodes of a world: one logic per node kind. A world is data; an environment is
 * the behaviour. Swapping `broker` is how a variant or a student's broker is checked.
 */
import type { BrokerLogic } from './broker-logic.ts';
import type { NodeLogic } from './node-logic.ts';
import type { KernelEvent } from './events.ts';

export interface SimulationEnvironment {
  broker: BrokerLogic<unknown>;
  controller: NodeLogic<unknown>;
  producer: NodeLogic<unknown>;
  consumer: NodeLogic<unknown>;
}

/** Collects the events of one step; the bench uses a counting sink to stay cheap. */
export interface EventSink {
  push(event: KernelEvent): void;
}
