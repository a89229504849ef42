/**
 * How the cost of a checked schedule grows with the partition count: acks-all-durable (C5) checked with 1, 3 and 12
 * partitions, the same seed and run count each, after a short warm-up so that the first count measured does not
 * pay for the JIT alone. What grows is the cluster's work (a fetch loop and a queue per partition) and the checks
 * after every transition; what does not is the per-schedule overhead (boot, final read, fast-check). Only the
 * measurement reads wall time.
 */
import { performance } from 'node:perf_hooks';
import { checkClaim } from '../properties/check-claim.ts';
import { claimNamed } from '../properties/claims/catalogue.ts';

export const SCALING_PROPERTY = 'acks-all-durable';
export const SCALING_PARTITIONS = [1, 3, 12] as const;
const WARM_UP_RUNS = 20;

export interface PartitionScalingRow {
  partitions: number;
  runs: number;
  outcome: string;
  wallMs: number;
  msPerSchedule: number;
  /** Per-schedule cost relative to one partition. */
  relativeToOne: number;
}

export function runPartitionScaling(runs: number, seed = 1): PartitionScalingRow[] {
  const claim = claimNamed(SCALING_PROPERTY)!;
  const check = (partitions: number, count: number) => checkClaim({ ...claim, settings: { ...claim.settings, partitions } }, { seed, runs: count });
  check(1, WARM_UP_RUNS);
  const rows: PartitionScalingRow[] = [];
  for (const partitions of SCALING_PARTITIONS) {
    const startedMs = performance.now();
    const result = check(partitions, runs);
    const wallMs = performance.now() - startedMs;
    rows.push({ partitions, runs: result.runs, outcome: result.outcome, wallMs, msPerSchedule: wallMs / result.runs, relativeToOne: 0 });
  }
  const one = rows[0]!.msPerSchedule;
  for (const row of rows) row.relativeToOne = one > 0 ? row.msPerSchedule / one : 0;
  return rows;
}
