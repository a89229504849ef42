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

const READS_DISK_IN_PLACE = Symbol('kcheck.readsDiskInPlace');

/**
 * Marks a broker that never changes what `init` reads from `ctx.disk` (neither the lists nor their entries). The
 * kernel then hands it the page cache's own entries, in fresh lists, instead of a deep copy: a restart looks at the
 * whole log instead of copying it. kcheck's own brokers (`createBroker`) are marked; any other broker gets the copy
 * docs/broker-api.md promises, whatever it does with it.
 */
export function markReadsDiskInPlace<S>(logic: BrokerLogic<S>): BrokerLogic<S> {
  Object.defineProperty(logic, READS_DISK_IN_PLACE, { value: true });
  return logic;
}

export function readsDiskInPlace(logic: BrokerLogic<unknown>): boolean {
  return (logic as unknown as Record<symbol, unknown>)[READS_DISK_IN_PLACE] === true;
}
