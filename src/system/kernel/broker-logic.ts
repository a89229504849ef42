/**
 * The slot a broker implementation plugs into. The reference broker, the bug zoo's variants and a student's
 * broker are all values of this type; `docs/broker-api.md` explains it with an example.
 */
import type { BrokerId, PartitionId } from './ids.ts';
import type { LogRecord } from '../protocol/records.ts';
import type { NodeLogic } from './node-logic.ts';

/** What the harness reads of a broker to check protocol invariants and to draw traces. */
export interface ReplicaView {
  partition: PartitionId;
  role: 'leader' | 'follower' | 'none';
  /** The leader this replica believes in, -1 when unknown. */
  leader: BrokerId;
  leaderEpoch: number;
  highWatermark: number;
  log: readonly LogRecord[];
  /** The ISR as this replica knows it (meaningful on a leader). */
  isr: readonly BrokerId[];
}

export interface BrokerView {
  brokerId: BrokerId;
  replicas: ReplicaView[];
}

export interface BrokerLogic<S = unknown> extends NodeLogic<S> {
  /** A stable name, recorded in traces (`reference`, `zoo/truncate-to-hw`, `student:alice`). */
  readonly id: string;
  /** A read-only view of the state, for invariants and traces. */
  inspect(state: S): BrokerView;
}
