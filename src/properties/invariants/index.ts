/**
 * Protocol invariants checked on the simulated cluster after every step (names after Kafka's TLA+ specs where
 * they have one): log-matching, monotonic-high-watermark, single-leader-per-epoch, leader-completeness and
 * strong-isr, plus acked-on-min-isr, judged on the answers a step sent. Each lives in its own file with the
 * reasons for what it reads.
 *
 *   const state = createInvariantState();
 *   for (const next of schedule) { step(sim, next); report(checkInvariants(state, sim, ackedAll)); }
 */
export { INVARIANT_NAMES, createInvariantState } from './types.ts';
export type { AckedRecord, InvariantName, InvariantState, InvariantViolation } from './types.ts';
export { checkInvariants } from './check-invariants.ts';
export type { AcksAllAnswer } from './acked-on-min-isr.ts';
