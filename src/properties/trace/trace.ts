/**
 * A counterexample trace: everything needed to replay a run (settings, broker id, schedule, fast-check seed
 * and path) and to read it (each executed step with what the clients observed, and the violation). Plain,
 * versioned JSON; `docs/trace-format.md` documents it.
 */
import type { ClusterConfig } from '../../system/config/config.ts';
import type { Observation } from '../../system/kernel/observations.ts';
import type { Step } from '../../system/kernel/steps.ts';
import { displayStepLabel, faultPhaseSteps, stepLabel } from '../runner/story.ts';
import { displayText } from '../../text/display-text.ts';
import { KCHECK_VERSION } from '../../version.ts';
import type { Counterexample } from '../check-claim.ts';
import type { Claim } from '../claims/claim.ts';
import type { FindingKind, FindingSource } from '../runner/findings.ts';
import type { Phase } from '../runner/run-state.ts';
import { firedLines } from '../runner/story.ts';
import type { FiredFault } from '../runner/triggers.ts';
import { clusterConfigFor, type CheckSettings } from '../settings.ts';

export const TRACE_FORMAT = 'kcheck-trace';
export const TRACE_VERSION = 1;

export interface TraceStep {
  index: number;
  phase: Phase;
  step: Step;
  label: string;
  timeMs: number;
  noop?: string;
  /** Faults armed triggers applied within the step (`on` steps), concretely: what, when, right after what. */
  fired?: FiredFault[];
  observations: Observation[];
}

export interface Trace {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  kcheckVersion: string;
  /** The property: its words, its expectation, and the finding kinds that violate it (what a replay judges). */
  claim: { id: string; name: string; statement: string; expectation: Claim['expectation']; judges: FindingKind[] };
  settings: CheckSettings;
  config: ClusterConfig;
  broker: string;
  /** The controller variant that ran; absent for the reference controller. */
  controller?: string;
  seed: number;
  path: string;
  /** The fault phase as fast-check shrank it; replay re-executes it and derives the final phase. */
  schedule: Step[];
  steps: TraceStep[];
  violation: { property: string; anomaly: FindingKind; source: FindingSource; step: number; partition: number; values: string[]; message: string; cause?: string };
}

export function buildTrace(claim: Claim, counterexample: Counterexample): Trace {
  const { run, finding } = counterexample;
  const events = run.events ?? [];
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    kcheckVersion: KCHECK_VERSION,
    claim: { id: claim.id, name: claim.name, statement: claim.statement, expectation: claim.expectation, judges: [...claim.judges] },
    settings: claim.settings,
    config: clusterConfigFor(claim.settings),
    broker: run.brokerId,
    ...(run.controllerId !== 'reference' ? { controller: run.controllerId } : {}),
    seed: counterexample.seed,
    path: counterexample.path,
    schedule: faultPhaseSteps(run.executed),
    steps: run.executed.map((executed, index) => ({
      index,
      phase: executed.phase,
      step: executed.step,
      label: stepLabel(executed),
      timeMs: executed.timeMs,
      ...(executed.noop ? { noop: executed.noop } : {}),
      ...(executed.fired ? { fired: executed.fired } : {}),
      observations: (events[index] ?? []).flatMap((e) => (e.type === 'observed' ? [e.observation] : [])),
    })),
    violation: {
      property: claim.name,
      anomaly: finding.kind,
      source: finding.source,
      step: finding.step,
      partition: finding.partition,
      values: finding.values,
      message: finding.message,
      ...(counterexample.cause ? { cause: counterexample.cause } : {}),
    },
  };
}

/** The few lines a person reads first, ready to print: the shrunk story up to the violating step. What a trace
 * file holds is input, so its labels and words are escaped here (those kcheck made are already). */
export function traceStory(trace: Trace): string[] {
  const lines = trace.steps
    .filter((s) => s.phase === 'faults' && !s.noop)
    .flatMap((s) => [`  ${String(s.index).padStart(3)}. ${displayStepLabel(s.step, s.label)}`, ...firedLines(s.fired)]);
  lines.push(`  → step ${trace.violation.step}: ${trace.violation.anomaly}: ${displayText(trace.violation.message)}`);
  if (trace.violation.cause) lines.push(`  cause: ${displayText(trace.violation.cause)}`);
  return lines;
}

/** The trace as its file holds it: two-space JSON and a final newline, the same bytes for the same trace. */
export function traceJson(trace: Trace): string {
  return `${JSON.stringify(trace, null, 2)}\n`;
}
