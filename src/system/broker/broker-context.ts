/** What every broker handler works with: the state, the parts it is built from, the clock, and the outputs. */
import type { NodeContext, Output } from '../kernel/node-logic.ts';
import type { BrokerState } from './broker-state.ts';
import type { BrokerParts } from './parts.ts';

export interface BrokerContext {
  state: BrokerState;
  parts: BrokerParts;
  ctx: NodeContext;
  outputs: Output[];
}

export function nextCorrelationId(b: BrokerContext): number {
  return b.state.nextCorrelationId++;
}

/** Timer names carry the partition (and the request) they are for. */
export const timerNames = {
  heartbeat: 'heartbeat',
  highWatermarkCheckpoint: 'hwCheckpoint',
  isrCheck: 'isrCheck',
  fetch: (partition: number) => `fetch:${partition}`,
  produceTimeout: (client: string, correlationId: number) => `produce:${client}:${correlationId}`,
};
