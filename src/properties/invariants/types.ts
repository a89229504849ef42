/**
 * The vocabulary of the protocol invariants: their names, what a violation says, the acked records they are
 * judged against, and the state remembered between steps. Everything here is plain, serializable data.
 */
import type { BrokerId, PartitionId } from '../../system/kernel/ids.ts';

export type InvariantName = 'log-matching' | 'monotonic-high-watermark' | 'single-leader-per-epoch' | 'leader-completeness' | 'strong-isr' | 'acked-on-min-isr';

export const INVARIANT_NAMES: readonly InvariantName[] = [
  'log-matching',
  'monotonic-high-watermark',
  'single-leader-per-epoch',
  'leader-completeness',
  'strong-isr',
  'acked-on-min-isr',
];

export interface InvariantViolation {
  invariant: InvariantName;
  partition: PartitionId;
  /** One readable sentence naming the brokers, offsets and epochs involved. */
  message: string;
}

/** A record acknowledged to a producer with acks=all: `value` at `offset` of `partition`. */
export interface AckedRecord {
  partition: PartitionId;
  offset: number;
  value: string;
}

/**
 * What later steps are judged against. Keys are built by `leadershipKey` and `epochKey`; values are numbers,
 * so the state survives JSON, structured cloning and hashing unchanged.
 */
export interface InvariantState {
  /** The highest high watermark seen per leadership: partition, leader broker, leader epoch, incarnation. */
  leaderHighWatermarks: Record<string, number>;
  /** The first broker seen acting as leader, per partition and leader epoch. */
  epochLeaders: Record<string, BrokerId>;
}

export function createInvariantState(): InvariantState {
  return { leaderHighWatermarks: {}, epochLeaders: {} };
}

/** `p0/b1/e3/i2`: one leadership, as monotonic-high-watermark remembers it. */
export function leadershipKey(partition: PartitionId, broker: BrokerId, leaderEpoch: number, incarnation: number): string {
  return `p${partition}/b${broker}/e${leaderEpoch}/i${incarnation}`;
}

/** `p0/e3`: one leader epoch of one partition, as single-leader-per-epoch remembers it. */
export function epochKey(partition: PartitionId, leaderEpoch: number): string {
  return `p${partition}/e${leaderEpoch}`;
}
