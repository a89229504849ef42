/**
 * A found path as a v1 trace: the path's steps are the fault phase of a schedule, which the runner executes as it
 * executes any (boot, the steps, and — when the search judged the final read — repair, converge and the final
 * read), with snapshots, so `kcheck replay`, `explain` and the viewer read it as they read fast-check's.
 */
import type { Claim } from '../properties/claims/claim.ts';
import { judgedBy } from '../properties/claims/claim.ts';
import { isBrokerFailure, type Finding } from '../properties/runner/findings.ts';
import { runSchedule, type RunResult } from '../properties/runner/run-schedule.ts';
import { buildTrace, type Trace } from '../properties/trace/trace.ts';
import type { Step } from '../system/kernel/steps.ts';
import type { McSystem } from './mc-state.ts';

export interface PathRun {
  run: RunResult;
  finding: Finding | undefined;
  trace: Trace | undefined;
}

export function traceOfPath(claim: Claim, system: McSystem, path: readonly Step[]): PathRun {
  const judges = judgedBy(claim);
  const run = runSchedule(system.settings, path, {
    ...(system.broker ? { broker: system.broker } : {}),
    ...(system.controller ? { controller: system.controller } : {}),
    stopWhen: judges,
    recordSnapshots: true,
  });
  const finding = run.findings.find((f) => judges(f, run.history));
  if (!finding) return { run, finding, trace: undefined };
  const cause = isBrokerFailure(finding) ? undefined : claim.cause?.(run, finding);
  // seed and path are fast-check's replay coordinates; a model-checked trace has none (seed 0, path "").
  const trace = buildTrace(claim, { schedule: [...path], finding, run, ...(cause ? { cause } : {}), seed: 0, path: '', shrinks: 0 });
  return { run, finding, trace };
}
