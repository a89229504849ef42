/**
 * What every explanation (story, table, diagram, viewer) is drawn from: the trace as recorded, one run of its
 * schedule with a snapshot and the kernel events of every step, and the finding the property judges in that
 * run. The run is either the original (a fresh counterexample) or a replay of the trace; both give the same
 * explanation, byte for byte, because a replay is the same run.
 */
import type { ClaimResult } from '../properties/check-claim.ts';
import type { Finding } from '../properties/runner/findings.ts';
import type { RunResult } from '../properties/runner/run-schedule.ts';
import type { ClusterSnapshot } from '../properties/runner/snapshot.ts';
import type { KernelEvent } from '../system/kernel/events.ts';
import { displayStepLabel, stepLabel } from '../properties/runner/story.ts';
import type { Replay } from '../properties/trace/replay-trace.ts';
import { buildTrace, type Trace } from '../properties/trace/trace.ts';
import { describeStep } from '../system/kernel/steps.ts';
import { displayText } from '../text/display-text.ts';

export interface ExplainedRun {
  trace: Trace;
  /** A run recorded with snapshots and events. */
  run: RunResult;
  /** Per executed step, the label a person reads ("crash b0 (the leader of p0)"), ready to show (displayStepLabel). */
  labels: string[];
  /** The finding the property judges in this run; undefined when the run no longer violates it. */
  finding?: Finding;
  cause?: string;
  /** What a reader must know before trusting the explanation (another broker, a violation that is gone), ready to show. */
  notes: string[];
  /** The trace file's name, for the replay command shown to the reader. */
  traceFile: string;
}

export function explainResult(result: ClaimResult, traceFile: string): ExplainedRun {
  const ce = result.counterexample;
  if (!ce) throw new Error(`explainResult: ${result.claim.name} has no counterexample`);
  return {
    trace: buildTrace(result.claim, ce),
    run: ce.run,
    labels: ce.run.executed.map((executed) => displayStepLabel(executed.step, stepLabel(executed))),
    finding: ce.finding,
    ...(ce.cause ? { cause: ce.cause } : {}),
    notes: [],
    traceFile,
  };
}

/** The trace's labels carry the targeted step each fault came from; a replay of the concrete step does not
 * know it, so the recorded label is kept wherever the replay ran the same step. */
function replayLabels(replay: Replay): string[] {
  return replay.run.executed.map((executed, i) => {
    const recorded = replay.trace.steps[i];
    const same = recorded && recorded.phase === executed.phase && describeStep(recorded.step) === describeStep(executed.step);
    return displayStepLabel(executed.step, same ? recorded.label : stepLabel(executed));
  });
}

export function replayNotes(replay: Replay): string[] {
  const { trace, run } = replay;
  const notes: string[] = [];
  if (run.brokerId !== trace.broker) notes.push(`The trace was recorded with broker "${trace.broker}"; this run used "${run.brokerId}".`);
  const recordedController = trace.controller ?? 'reference';
  if (run.controllerId !== recordedController) notes.push(`The trace was recorded with controller "${recordedController}"; this run used "${run.controllerId}" (replay loads brokers, not controllers).`);
  if (replay.verdict === 'not-reproduced') notes.push(`The violation no longer reproduces: replaying the schedule, ${trace.claim.name} finds no ${trace.claim.judges.join(', ')} (the trace recorded ${trace.violation.anomaly} at step ${trace.violation.step}).`);
  if (replay.verdict === 'other-anomaly') notes.push(`The property is still violated, but by ${replay.finding!.kind} at step ${replay.finding!.step}; the trace recorded ${trace.violation.anomaly} at step ${trace.violation.step}.`);
  if (replay.departure) notes.push(`The replay departs from the recorded run: ${replay.departure}.`);
  // The trace names its broker and controller: input, escaped before anyone reads it.
  return notes.map(displayText);
}

export function explainReplay(replay: Replay, traceFile: string): ExplainedRun {
  return {
    trace: replay.trace,
    run: replay.run,
    labels: replayLabels(replay),
    ...(replay.finding ? { finding: replay.finding } : {}),
    ...(replay.cause ? { cause: replay.cause } : {}),
    notes: replayNotes(replay),
    traceFile,
  };
}

/** One snapshot per executed step. A broker that failed while its state was read leaves its last step without
 * one; that step shows the cluster as it was last seen (the finding says what went wrong). */
export function snapshotsOf(view: ExplainedRun): { snapshots: ClusterSnapshot[]; events: KernelEvent[][] } {
  const { snapshots, events } = view.run;
  if (!snapshots || !events) throw new Error('an explanation needs a run recorded with snapshots');
  const none: ClusterSnapshot = { nowMs: 0, brokers: [], controller: [], inFlight: [] };
  const aligned: ClusterSnapshot[] = [];
  view.run.executed.forEach((_, i) => aligned.push(snapshots[i] ?? aligned[i - 1] ?? none));
  return { snapshots: aligned, events };
}
