/**
 * Runs every protocol invariant over the cluster as it is after a step. Views are read once and shared, and
 * so are log comparisons within a partition; the only thing written is `state`, which remembers what later
 * steps are judged against. Violations come partition by partition, in the order of INVARIANT_NAMES.
 */
import type { Simulation } from '../../system/simulation.ts';
import { snapshotCluster } from './cluster-snapshot.ts';
import { checkAckedOnMinIsr, type AcksAllAnswer } from './acked-on-min-isr.ts';
import { checkLeaderCompleteness } from './leader-completeness.ts';
import { LogComparisons } from './log-compare.ts';
import { checkLogMatching } from './log-matching.ts';
import { checkMonotonicHighWatermark } from './monotonic-high-watermark.ts';
import { checkSingleLeaderPerEpoch } from './single-leader-per-epoch.ts';
import { checkStrongIsr } from './strong-isr.ts';
import type { ClusterTracker } from './cluster-tracker.ts';
import type { AckedRecord, InvariantState, InvariantViolation } from './types.ts';

/**
 * Checks the cluster as it is now; remembers what later steps are judged against. Pure except for updating `state`
 * (and `tracker`). `answers` are the acks=all requests leaders answered with success in the step just run
 * (acked-on-min-isr). With a `tracker` (for a broker whose views are stable), only the partitions whose inputs
 * changed since they were last judged are judged: the others would find only what they found then.
 */
export function checkInvariants(
  state: InvariantState,
  simulation: Simulation,
  ackedAll: readonly AckedRecord[],
  answers: readonly AcksAllAnswer[] = [],
  tracker?: ClusterTracker,
): InvariantViolation[] {
  const tracked = tracker?.check(simulation, ackedAll);
  const cluster = tracked?.cluster ?? snapshotCluster(simulation);
  const partitions = tracked ? cluster.partitions.filter((partition) => tracked.judged[partition.partition]) : cluster.partitions;
  const completeness: InvariantViolation[] = [];
  checkLeaderCompleteness(partitions, tracked?.ackedByPartition ?? ackedByPartition(ackedAll), completeness);
  const violations: InvariantViolation[] = [];
  for (const partition of partitions) {
    const comparisons = new LogComparisons();
    checkLogMatching(partition, comparisons, violations);
    checkMonotonicHighWatermark(state, partition, violations);
    checkSingleLeaderPerEpoch(state, partition, violations);
    violations.push(...completeness.filter((v) => v.partition === partition.partition));
    checkStrongIsr(cluster, partition, comparisons, violations);
  }
  if (answers.length > 0) checkAckedOnMinIsr(cluster, answers, simulation.world.config.minInsyncReplicas, violations);
  return violations;
}

function ackedByPartition(ackedAll: readonly AckedRecord[]): AckedRecord[][] {
  const byPartition: AckedRecord[][] = [];
  for (const record of ackedAll) (byPartition[record.partition] ??= []).push(record);
  return byPartition;
}
