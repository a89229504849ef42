/**
 * Re-executes a trace's recorded schedule — the concrete fault-phase steps, never the generator — under the
 * trace's settings, judged by the trace's property, with a snapshot after every step. Boot, repair, convergence
 * and the final read are derived by the runner as in the original run, so the same trace and broker always give
 * the same run. The verdict says whether the recorded violation came back.
 */
import type { BrokerLogic } from '../../system/kernel/broker-logic.ts';
import { describeStep } from '../../system/kernel/steps.ts';
import { judgedBy, type Claim } from '../claims/claim.ts';
import { isJudgedByEveryClaim, type Finding } from '../runner/findings.ts';
import { runSchedule, type RunHooks, type RunResult } from '../runner/run-schedule.ts';
import { showStep } from '../runner/story.ts';
import { traceClaim } from './trace-claim.ts';
import type { Trace } from './trace.ts';

/** reproduced: the property fails again with the recorded anomaly; other-anomaly: it still fails, differently;
 * not-reproduced: the property is no longer violated (a fixed bug). */
export type ReplayVerdict = 'reproduced' | 'other-anomaly' | 'not-reproduced';

export interface Replay {
  trace: Trace;
  claim: Claim;
  run: RunResult;
  verdict: ReplayVerdict;
  /** The finding the property judges in the replayed run, if any. */
  finding?: Finding;
  cause?: string;
  /** Where the replayed run first departs from the steps the trace recorded, in words. */
  departure?: string;
}

function departureFrom(trace: Trace, run: RunResult): string | undefined {
  const steps = Math.max(trace.steps.length, run.executed.length);
  for (let i = 0; i < steps; i++) {
    const recorded = trace.steps[i];
    const replayed = run.executed[i];
    const said = (s: { step: Parameters<typeof describeStep>[0]; phase: string } | undefined) => (s ? `${s.phase} ${showStep(s.step)}` : 'nothing (the run had ended)');
    if (!recorded || !replayed || recorded.phase !== replayed.phase || describeStep(recorded.step) !== describeStep(replayed.step) || (recorded.noop !== undefined) !== (replayed.noop !== undefined)) {
      return `at step ${i} the trace recorded ${said(recorded)}${recorded?.noop ? ' (a no-op)' : ''}, the replay ran ${said(replayed)}${replayed?.noop ? ' (a no-op)' : ''}`;
    }
  }
  return undefined;
}

export function replayTrace(trace: Trace, broker?: BrokerLogic<unknown>, hooks?: RunHooks): Replay {
  const claim = traceClaim(trace);
  // As in check-claim.ts: a failure of the broker itself, or of the cluster to converge, is judged by every property.
  const judges = judgedBy(claim);
  const run = runSchedule(trace.settings, trace.schedule, { ...(broker ? { broker } : {}), ...(hooks ? { hooks } : {}), stopWhen: judges, recordSnapshots: true });
  const finding = run.findings.find((f) => judges(f, run.history));
  const verdict: ReplayVerdict = !finding ? 'not-reproduced' : finding.kind === trace.violation.anomaly ? 'reproduced' : 'other-anomaly';
  const cause = finding && !isJudgedByEveryClaim(finding) ? claim.cause?.(run, finding) : undefined;
  const departure = departureFrom(trace, run);
  return { trace, claim, run, verdict, ...(finding ? { finding } : {}), ...(cause ? { cause } : {}), ...(departure ? { departure } : {}) };
}
