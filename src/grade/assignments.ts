/**
 * The course's assignments (assignments/ in the repository): each a tier of graded tests over one mechanism of
 * Kafka's replication protocol. A run test checks a catalogue claim with fast-check under a fixed, documented seed
 * and run count; a search test runs the bounded model checker within bounds small enough to finish in seconds.
 * Points add up to 100 per assignment. Assignment 5 (consumer groups) has run tests only: the model checker has no
 * group steps yet.
 */
import type { ModelBounds } from '../mc/actions.ts';
import type { SearchBounds } from '../mc/search.ts';

/** fast-check schedules for one claim, from one seed (`--seed` replaces it): pass = the claim holds, not vacuously. */
export interface RunTest {
  kind: 'run';
  /** A claim of the catalogue (src/properties/claims/catalogue.ts), by name. */
  claim: string;
  points: number;
  seed: number;
  runs: number;
}

/** Breadth-first model checking of one claim: pass = no violation within the bounds, and the run tests showed
 * progress (a broker that does nothing violates nothing in a bounded search, and must not score for it). */
export interface SearchTest {
  kind: 'search';
  claim: string;
  points: number;
  model: ModelBounds;
  search: SearchBounds;
}

export type GradeTest = RunTest | SearchTest;

export interface Assignment {
  number: number;
  /** The folder under assignments/. */
  folder: string;
  title: string;
  /** The part the starter replaces with a stub, and whose: the broker's (BrokerParts) or its group coordinator's
   * (CoordinatorParts, createBroker's third argument). */
  part: string;
  partOf: 'broker' | 'coordinator';
  tests: readonly GradeTest[];
}

/** One send, one crash or power loss, 3 s of virtual time: a few thousand states, a few seconds. */
const ONE_SEND_ONE_FAULT: ModelBounds = { sends: 1, polls: 0, faults: 1, drops: 0, timeMaxMs: 3_000 };

export const ASSIGNMENTS: readonly Assignment[] = [
  {
    number: 1,
    folder: '1-leader-append-and-high-watermark',
    title: 'Leader append, high-watermark advancement and acks=all',
    part: 'leaderHighWatermark',
    partOf: 'broker',
    tests: [
      { kind: 'run', claim: 'acks-all-durable', points: 30, seed: 1, runs: 300 },
      { kind: 'run', claim: 'protocol-invariants', points: 30, seed: 1, runs: 300 },
      { kind: 'run', claim: 'read-committed', points: 20, seed: 1, runs: 300 },
      { kind: 'search', claim: 'acks-all-durable', points: 20, model: ONE_SEND_ONE_FAULT, search: { depthMax: 40, statesMax: 20_000 } },
    ],
  },
  {
    number: 2,
    folder: '2-isr-and-min-insync-replicas',
    title: 'ISR shrink and expand, min.insync.replicas',
    part: 'isLaggingFollower',
    partOf: 'broker',
    tests: [
      { kind: 'run', claim: 'acks-all-available', points: 40, seed: 1, runs: 300 },
      { kind: 'run', claim: 'acks-all-durable', points: 30, seed: 1, runs: 300 },
      { kind: 'run', claim: 'protocol-invariants', points: 30, seed: 1, runs: 300 },
    ],
  },
  {
    number: 3,
    folder: '3-leader-epochs-and-truncation',
    title: 'Leader epochs and truncation on leader change (KIP-101, KIP-279)',
    part: 'truncation',
    partOf: 'broker',
    tests: [
      { kind: 'run', claim: 'protocol-invariants', points: 30, seed: 1, runs: 500 },
      { kind: 'run', claim: 'power-loss-one-at-a-time', points: 20, seed: 1, runs: 500 },
      { kind: 'run', claim: 'acks-all-durable', points: 20, seed: 1, runs: 500 },
      { kind: 'search', claim: 'protocol-invariants', points: 30, model: ONE_SEND_ONE_FAULT, search: { depthMax: 40, statesMax: 25_000 } },
    ],
  },
  {
    number: 4,
    folder: '4-idempotent-producer',
    title: 'The idempotent producer: duplicate and out-of-order detection on the broker',
    part: 'checkSequence',
    partOf: 'broker',
    tests: [
      { kind: 'run', claim: 'idempotent-no-duplicates', points: 40, seed: 1, runs: 300 },
      { kind: 'run', claim: 'idempotent-order', points: 30, seed: 1, runs: 300 },
      { kind: 'run', claim: 'single-partition-order', points: 30, seed: 1, runs: 300 },
    ],
  },
  {
    number: 5,
    folder: '5-consumer-group-offsets',
    title: 'Consumer group offset commits on the coordinator: groups and offsets rebuilt from __consumer_offsets',
    part: 'groupsFromLog',
    partOf: 'coordinator',
    tests: [
      { kind: 'run', claim: 'group-single-owner', points: 30, seed: 1, runs: 300 },
      { kind: 'run', claim: 'group-commits-monotonic', points: 25, seed: 1, runs: 300 },
      { kind: 'run', claim: 'group-at-least-once', points: 25, seed: 1, runs: 300 },
      { kind: 'run', claim: 'group-fenced-commit', points: 20, seed: 1, runs: 300 },
    ],
  },
];

export function assignmentNumbered(n: number): Assignment | undefined {
  return ASSIGNMENTS.find((a) => a.number === n);
}

export function maxPoints(assignment: Assignment): number {
  return assignment.tests.reduce((sum, t) => sum + t.points, 0);
}

/** A test's name in tables and the CSV: `run:acks-all-durable`, `search:protocol-invariants`. */
export function testName(test: GradeTest): string {
  return `${test.kind}:${test.claim}`;
}
