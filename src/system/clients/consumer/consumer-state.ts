/** A consumer's state: its fetches and positions, and (a consumer that `subscribe`s) its group membership. */
import type { PartitionId } from '../../kernel/ids.ts';
import type { MemberState } from './group-member.ts';

export interface ConsumerFetch {
  correlationId: number;
  fetchOffset: number;
}

export interface ConsumerState {
  nextCorrelationId: number;
  metadataCorrelationId: number;
  leaders: Record<PartitionId, { leader: number; leaderEpoch: number }>;
  positions: Record<PartitionId, number>;
  inFlight: Record<PartitionId, ConsumerFetch>;
  /** Present for a consumer configured with a group. */
  group?: MemberState;
}
