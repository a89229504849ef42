/**
 * Checks one claim with fast-check: schedules drawn by the swarm arbitrary run in lockstep; the property
 * fails on the first finding the claim judges. For an `always` claim a failure is a violation; for a
 * `sometimes` claim it is the witness kcheck must find. Either way fast-check shrinks it, and the shrunk
 * schedule is run once more with snapshots to state its cause and build the trace.
 */
import fc from 'fast-check';
import type { BrokerLogic } from '../system/kernel/broker-logic.ts';
import type { ControllerLogic } from '../system/kernel/controller-logic.ts';
import type { ScheduleStep } from './schedule/targeted-step.ts';
import { judgedBy, type Claim } from './claims/claim.ts';
import { isBrokerFailure, type Finding } from './runner/findings.ts';
import { runSchedule, type RunHooks, type RunResult } from './runner/run-schedule.ts';
import { scheduleArbitrary } from './schedule/schedule-arbitrary.ts';

/** `broker-failed`: the broker under test threw, returned malformed data, or livelocked (whatever the claim). */
export type Outcome = 'holds' | 'violated' | 'witnessed' | 'not-witnessed' | 'broker-failed';

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
  /** Runs whose cluster did not converge after repair (liveness, reported apart from safety). */
  livenessFailures: number;
  firstLivenessFailure?: Finding;
  /** The schedule of the first run that did not converge, to replay it. */
  firstLivenessSchedule?: ScheduleStep[];
  counterexample?: Counterexample;
  seed: number;
  /** Why the broker failed, for a `broker-failed` outcome (also when no run could be shown: its module never loaded). */
  brokerFailure?: string;
}

export interface CheckOptions {
  seed: number;
  runs?: number;
  /** Replays one counterexample: fast-check's path of a previous failure. */
  path?: string;
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
  const claimJudges = judgedBy(claim);
  const runWith = { broker: options.broker, controller: options.controller, ...(options.runHooks ? { hooks: options.runHooks } : {}) };
  // A failure of the broker itself is judged by every claim: nothing else about such a run can be trusted.
  const judges = (finding: Finding, history: Parameters<typeof claimJudges>[1]) => isBrokerFailure(finding) || claimJudges(finding, history);
  const arbitrary = scheduleArbitrary({ faults: claim.settings.faults, partitions: claim.settings.partitions, stepsMax: claim.budget.stepsMax });
  let runsBeforeVerdict = 0;
  let shrinking = false;
  let livenessFailures = 0;
  let firstLivenessFailure: Finding | undefined;
  let firstLivenessSchedule: ScheduleStep[] | undefined;
  let failingFinding: Finding | undefined;

  /** A `sometimes` witness counts only when it shows the claim's cause, so shrinking keeps the cause too. */
  const witnessShowsCause = (schedule: ScheduleStep[]): boolean => {
    if (claim.expectation !== 'sometimes' || !claim.cause) return true;
    const recorded = runSchedule(claim.settings, schedule, { ...runWith, stopWhen: judges, recordSnapshots: true });
    const finding = recorded.findings.find((f) => judges(f, recorded.history));
    return finding !== undefined && claim.cause(recorded, finding) !== undefined;
  };

  const property = fc.property(arbitrary, (schedule) => {
    const run = runSchedule(claim.settings, schedule, { ...runWith, stopWhen: judges });
    const judged = run.findings.find((f) => judges(f, run.history));
    const finding = judged && (isBrokerFailure(judged) || witnessShowsCause(schedule)) ? judged : undefined;
    if (!shrinking) {
      runsBeforeVerdict++;
      options.onRun?.(runsBeforeVerdict);
      const liveness = run.findings.find((f) => f.source === 'liveness');
      if (liveness) {
        livenessFailures++;
        if (!firstLivenessFailure) {
          firstLivenessFailure = liveness;
          firstLivenessSchedule = schedule;
        }
      }
    }
    if (finding) {
      if (!shrinking) options.onFirstFailure?.();
      shrinking = true;
      failingFinding = finding;
      return false;
    }
    return true;
  });
  const details = fc.check(property, { seed: options.seed, numRuns: options.runs ?? claim.budget.runs, ...(options.path ? { path: options.path } : {}) });

  const base = { claim, runs: runsBeforeVerdict, livenessFailures, ...(firstLivenessFailure ? { firstLivenessFailure, firstLivenessSchedule } : {}), seed: options.seed };
  if (!details.failed || !details.counterexample) {
    const outcome: Outcome = claim.expectation === 'always' ? 'holds' : 'not-witnessed';
    return { ...base, outcome, asExpected: claim.expectation === 'always' };
  }
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
  if (isBrokerFailure(finding)) return { ...base, outcome: 'broker-failed', asExpected: false, counterexample, brokerFailure: finding.message };
  if (claim.expectation === 'always') return { ...base, outcome: 'violated', asExpected: false, counterexample };
  return { ...base, outcome: 'witnessed', asExpected: cause !== undefined, counterexample };
}
