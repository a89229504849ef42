/** What every coordinator handler works with: the broker it runs in, its own state and parts, and replies. */
import type { BrokerContext } from '../broker/broker-context.ts';
import type { NodeId } from '../kernel/ids.ts';
import type { GroupMessage } from '../protocol/group-messages.ts';
import type { CoordinatorParts } from './coordinator-parts.ts';
import type { CoordinatorState, PendingReply } from './group-state.ts';

export interface CoordinatorContext {
  b: BrokerContext;
  state: CoordinatorState;
  parts: CoordinatorParts;
}

export function reply(c: CoordinatorContext, to: PendingReply | NodeId, message: GroupMessage): void {
  c.b.outputs.push({ type: 'send', to: typeof to === 'string' ? to : to.client, message });
}

/** Timer names carry the group they are for (after the first colon, so a group id may hold colons). */
export const coordinatorTimers = {
  session: (groupId: string) => `groupSession:${groupId}`,
  rebalance: (groupId: string) => `groupRebalance:${groupId}`,
};
