/**
 * Checks one claim with fast-check: schedules drawn by the swarm arbitrary run in lockstep; the property
 * fails on the first finding the claim judges. For an `always` claim a failure is a violation; for a
 * `sometimes` claim it is the witness kcheck must find. Either way fast-check shrinks it, and the shrunk
 * schedule is run once more with snapshots to state its cause and build the trace. Whatever the claim, a run whose
 * cluster never converged after repair is a `liveness` violation (shrunk like any other), and an `always` claim
 * whose runs made too little progress to test anything (run-progress.ts) is `vacuous`, not held.
 */
import fc from 'fast-check';
import type { BrokerLogic } from '../system/kernel/broker-logic.ts';
import type { ControllerLogic } from '../system/kernel/controller-logic.ts';
import type { ScheduleStep } from './schedule/targeted-step.ts';
import { judgedBy, type Claim } from './claims/claim.ts';
import { isBrokerFailure, isJudgedByEveryClaim, isLivenessFailure, type Finding } from './runner/findings.ts';
import { addProgress, NO_PROGRESS, runProgress, vacuity, type ProgressFigures } from './runner/run-progress.ts';
import { runSchedule, type RunHooks, type RunResult } from './runner/run-schedule.ts';
import { scheduleArbitrary, scheduleShapeOf } from './schedule/schedule-arbitrary.ts';
import { groupScheduleArbitrary } from './groups/group-schedule.ts';

/**
 * `broker-failed`: the broker under test threw, returned malformed data, or livelocked; `liveness`: a run's cluster
 * did not converge after repair, or its final read never completed (both whatever the claim). `vacuous`: an
 * `always` claim none of whose schedules violated it, but too few of whose runs made progress to mean it held.
 */
export type Outcome = 'holds' | 'violated' | 'witnessed' | 'not-witnessed' | 'broker-failed' | 'liveness' | 'vacuous';

export interface Counterexample {
  schedule: ScheduleStep[];
  finding: Finding;
  run: RunResult;
  /** The expected cause in words, for a `sometimes` witness; undefined when the run does not show it. */
  cause?: string;
  /** fast-check's replay coordinates. */
  seed: number;
  path: string;
  shrinks: number;
}

export interface ClaimResult {
  claim: Claim;
  outcome: Outcome;
  /** `always` holds, or `sometimes` witnessed with its expected cause. */
  asExpected: boolean;
  /** Schedules run before the verdict (the failing one included), not counting shrinking. */
  runs: number;
  /** What the runs before the verdict did (for an `always` claim, what decides `vacuous`). */
  progress: ProgressFigures;
  /** For a `vacuous` outcome: the figures in words, with what the claim needs. */
  vacuity?: string;
  counterexample?: Counterexample;
  seed: number;
  /** Why the broker failed, for a `broker-failed` outcome (also when no run could be shown: its module never loaded). */
  brokerFailure?: string;
}

export interface CheckOptions {
  seed: number;
  runs?: number;
  /** Steps of a fault phase at most, instead of the claim's budget (`--steps-max`: deeper schedules). A `--path`
   * replays only with the steps-max it was found with: the schedule arbitrary depends on it. */
  stepsMax?: number;
  /** Replays one counterexample: fast-check's path of a previous failure. */
  path?: string;
  /** Draws the seed's first N schedules without running them, then runs `runs` more: the hunt's blind slices go on
   * with one stream, so a catch's path is the one `kcheck check` with this seed finds. */
  skipRuns?: number;
  broker?: BrokerLogic<unknown>;
  /** A controller variant to run instead of the reference controller (the bug zoo's controller-side entries). */
  controller?: ControllerLogic<unknown>;
  onRun?: (runsDone: number) => void;
  /** Called once, when the first violating (or witnessing) schedule is found, before shrinking. */
  onFirstFailure?: () => void;
  /** Passed to every run (shrinking and cause checks included): the sandbox's watchdog listens. */
  runHooks?: RunHooks;
}

export function checkClaim(claim: Claim, options: CheckOptions): ClaimResult {
  // A failure of the broker itself, or of the cluster to converge, is judged by every claim (judgedBy).
  const judges = judgedBy(claim);
  const runWith = { broker: options.broker, controller: options.controller, ...(options.runHooks ? { hooks: options.runHooks } : {}) };
  const shape = scheduleShapeOf(claim, options.stepsMax);
  const arbitrary = claim.settings.groups ? groupScheduleArbitrary(shape, claim.settings) : scheduleArbitrary(shape);
  let runsBeforeVerdict = 0;
  let shrinking = false;
  let progress = NO_PROGRESS;
  let failingFinding: Finding | undefined;

  /** A `sometimes` witness counts only when it shows the claim's cause, so shrinking keeps the cause too. */
  const witnessShowsCause = (schedule: ScheduleStep[]): boolean => {
    if (claim.expectation !== 'sometimes' || !claim.cause) return true;
    const recorded = runSchedule(claim.settings, schedule, { ...runWith, stopWhen: judges, recordSnapshots: true });
    const finding = recorded.findings.find((f) => judges(f, recorded.history));
    return finding !== undefined && claim.cause(recorded, finding) !== undefined;
  };

  const skipRuns = options.skipRuns ?? 0;
  let drawn = 0;
  const property = fc.property(arbitrary, (schedule) => {
    if (!shrinking && drawn++ < skipRuns) return true;
    const run = runSchedule(claim.settings, schedule, { ...runWith, stopWhen: judges });
    const judged = run.findings.find((f) => judges(f, run.history));
    const finding = judged && (isJudgedByEveryClaim(judged) || witnessShowsCause(schedule)) ? judged : undefined;
    if (!shrinking) {
      runsBeforeVerdict++;
      progress = addProgress(progress, runProgress(run.history));
      options.onRun?.(runsBeforeVerdict);
    }
    if (finding) {
      if (!shrinking) options.onFirstFailure?.();
      shrinking = true;
      failingFinding = finding;
      return false;
    }
    return true;
  });
  const details = fc.check(property, { seed: options.seed, numRuns: skipRuns + (options.runs ?? claim.budget.runs), ...(options.path ? { path: options.path } : {}) });

  const base = { claim, runs: runsBeforeVerdict, progress, seed: options.seed };
  // A replay of one path (--path) is one run, chosen for its failure: too few to judge progress by.
  if (!details.failed || !details.counterexample) return resultWithoutFailure(base, !options.path);
  const schedule = details.counterexample[0];
  const run = runSchedule(claim.settings, schedule, { ...runWith, stopWhen: judges, recordSnapshots: true });
  const finding = run.findings.find((f) => judges(f, run.history)) ?? failingFinding!;
  const cause = claim.cause?.(run, finding);
  const counterexample: Counterexample = {
    schedule,
    finding,
    run,
    ...(cause ? { cause } : {}),
    seed: details.seed,
    path: details.counterexamplePath ?? '',
    shrinks: details.numShrinks,
  };
  return resultOfCounterexample(base, counterexample);
}

type ResultBase = Pick<ClaimResult, 'claim' | 'runs' | 'progress' | 'seed'>;

/** The verdict when no run failed: `not-witnessed` for a `sometimes` claim, else `holds` or (judging the runs'
 * progress) `vacuous`. Shared by every search that checks a claim (fast-check's here, the guided campaign's). */
export function resultWithoutFailure(base: ResultBase, judgeProgress: boolean): ClaimResult {
  if (base.claim.expectation === 'sometimes') return { ...base, outcome: 'not-witnessed', asExpected: false };
  const lacking = judgeProgress ? vacuity(base.progress, base.claim.progress) : undefined;
  if (lacking) return { ...base, outcome: 'vacuous', asExpected: false, vacuity: lacking };
  return { ...base, outcome: 'holds', asExpected: true };
}

/** The verdict of a shrunk counterexample: the broker's failure, a liveness violation, a violation of an `always`
 * claim, or a `sometimes` witness (as expected only when it shows the claim's cause). */
export function resultOfCounterexample(base: ResultBase, counterexample: Counterexample): ClaimResult {
  const { finding } = counterexample;
  if (isBrokerFailure(finding)) return { ...base, outcome: 'broker-failed', asExpected: false, counterexample, brokerFailure: finding.message };
  if (isLivenessFailure(finding)) return { ...base, outcome: 'liveness', asExpected: false, counterexample };
  if (base.claim.expectation === 'always') return { ...base, outcome: 'violated', asExpected: false, counterexample };
  return { ...base, outcome: 'witnessed', asExpected: counterexample.cause !== undefined, counterexample };
}
