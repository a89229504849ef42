/**
 * What a run found, in one shape whatever found it: the spec model (an anomaly of the clients' history), a
 * protocol invariant (the cluster's state), a whole-run check (send order, batch atomicity), availability after
 * repair (a leader in time, an acks=all send completed in time), or the liveness
 * phase (no convergence after repair, or a final read that never completed). `step` is the index of the first step
 * where it became visible.
 */
import type { Anomaly, AnomalyName } from '../../model/history.ts';
import type { InvariantName } from '../invariants/index.ts';

/** The group checks (properties/groups/group-checks.ts): two members owning a partition in one generation, a record
 * below a committed offset that no member processed, a committed offset that went back, a fenced member's commit that
 * landed. */
export type GroupCheckName = 'group-two-owners' | 'group-skip' | 'group-commit-backwards' | 'group-fenced-commit';
export type CheckName = 'send-order' | 'batch-atomicity' | GroupCheckName;
/** A failure of the broker under test itself: it threw, returned malformed outputs or views, or kept the
 * cluster busy past a step's bounds (a livelock). */
export type BrokerFailureName = 'broker-fault' | 'step-budget-exceeded';
/** Availability after repair (availability.ts): a partition still leaderless past the session timeout and a margin,
 * or an acks=all send not completed within the delivery timeout while min.insync.replicas replicas were connected. */
export type AvailabilityName = 'leaderless-after-heal' | 'send-unavailable';
export type FindingKind = AnomalyName | InvariantName | CheckName | BrokerFailureName | AvailabilityName | 'no-convergence';
export type FindingSource = 'anomaly' | 'invariant' | 'check' | 'availability' | 'liveness' | 'broker';

/** An anomaly of the spec model as a finding, visible from step `step`. */
export function anomalyFinding(anomaly: Anomaly, step: number): Finding {
  return { source: 'anomaly', kind: anomaly.name, step, partition: anomaly.partition, values: anomaly.values, message: anomaly.message };
}

export function isBrokerFailure(finding: Finding): boolean {
  return finding.source === 'broker';
}

/** A run that never converged after repair: nothing it did can be judged safe, since it never read back. */
export function isLivenessFailure(finding: Finding): boolean {
  return finding.source === 'liveness';
}

/** Judged by every claim, whatever it lists: a failure of the broker itself, or of the cluster to converge. */
export function isJudgedByEveryClaim(finding: Finding): boolean {
  return isBrokerFailure(finding) || isLivenessFailure(finding);
}

export interface Finding {
  source: FindingSource;
  kind: FindingKind;
  step: number;
  partition: number;
  values: string[];
  message: string;
}
