/**
 * A claim of design.md §1 as an executable property: the settings it is judged under, which findings count
 * as its violation, and what is expected — `always` (no schedule may violate it) or `sometimes` (kcheck must
 * find a violating schedule within the budget, and the shrunk schedule must show the expected cause).
 */
import type { Op } from '../../model/history.ts';
import { isJudgedByEveryClaim, type Finding, type FindingKind } from '../runner/findings.ts';
import type { RunResult } from '../runner/run-schedule.ts';
import type { CheckSettings } from '../settings.ts';

export type Expectation = 'always' | 'sometimes';

export interface ClaimBudget {
  /** Schedules tried (an `always` claim runs them all; a `sometimes` claim stops at its first witness). */
  runs: number;
  /** Steps of a fault phase at most. */
  stepsMax: number;
}

/**
 * What an `always` claim needs of its runs to mean anything: a claim nothing was tested against holds vacuously (a
 * broker that acks nothing loses nothing). Shares of the runs checked (run-progress.ts); below one, the claim is
 * reported `vacuous`. Each is chosen well below what the reference broker reaches on every seed at the claim's
 * budget (docs/verification.md §2 gives the figures).
 */
export interface ClaimProgress {
  /** Runs in which a record was acked during the run and the final read (which completed) returned it. */
  ackedReadBackPercentMin?: number;
  /** Runs in which a record was acked: for a claim judged where acked records may be lost (read back or not). */
  ackedPercentMin?: number;
  /** Runs in which a consumer read a record during the run: for a claim that judges those reads. */
  readDuringRunPercentMin?: number;
}

export interface Claim {
  /** `C4`, or `C2-P1` when a claim has two sides. */
  id: string;
  /** kebab-case, used by `--property` and in file names. */
  name: string;
  statement: string;
  expectation: Expectation;
  settings: CheckSettings;
  /** Finding kinds that violate the claim. */
  judges: readonly FindingKind[];
  /** Narrows the judged findings further (e.g. lost-write of a record a consumer had read). */
  counts?: (finding: Finding, history: readonly Op[]) => boolean;
  budget: ClaimBudget;
  /** For `always`: the progress its runs must show (else the verdict is `vacuous`). */
  progress?: ClaimProgress;
  /** For `sometimes`: the expected cause in words when the run (with snapshots) shows it, else undefined. */
  cause?: (run: RunResult, witness: Finding) => string | undefined;
}

/** The findings that fail the claim: its own kinds (narrowed by `counts`), and a broker failure or a run that never
 * converged, which every claim judges. */
export function judgedBy(claim: Pick<Claim, 'judges' | 'counts'>): (finding: Finding, history: readonly Op[]) => boolean {
  return (finding, history) => isJudgedByEveryClaim(finding) || (claim.judges.includes(finding.kind) && (claim.counts?.(finding, history) ?? true));
}
