/**
 * What `kcheck replay` prints: which property the trace is about and on which broker it ran, the shrunk story
 * (the fault-phase steps that applied), the violation and its cause, and the verdict against the recording.
 * Every line is display text (displayText): the trace's names and words are input, and reach a terminal.
 */
import type { Replay } from '../properties/trace/replay-trace.ts';
import { displayText } from '../text/display-text.ts';
import type { ExplainedRun } from './explained-run.ts';

export function storyOf(view: ExplainedRun): string[] {
  const lines: string[] = [];
  view.run.executed.forEach((executed, i) => {
    if (executed.phase === 'faults' && !executed.noop) lines.push(`  ${String(i).padStart(3)}. ${view.labels[i]}`);
  });
  return lines;
}

export function replayReport(replay: Replay, view: ExplainedRun, traceFile: string): string[] {
  const { trace } = replay;
  const lines = [`replay ${traceFile}: ${trace.claim.id} ${trace.claim.name} (${trace.claim.expectation}) on broker ${view.run.brokerId}`];
  for (const note of view.notes) lines.push(`  note: ${note}`);
  lines.push(...storyOf(view));
  if (replay.finding) {
    lines.push(`  → step ${replay.finding.step}: ${replay.finding.kind}: ${replay.finding.message}`);
    if (replay.cause) lines.push(`  cause: ${replay.cause}`);
  }
  const recorded = `${trace.violation.anomaly} at step ${trace.violation.step}`;
  switch (replay.verdict) {
    case 'reproduced':
      lines.push(`reproduced: ${replay.finding!.kind} at step ${replay.finding!.step} (recorded: ${recorded})`);
      break;
    case 'other-anomaly':
      lines.push(`still violated, differently: ${replay.finding!.kind} at step ${replay.finding!.step} (recorded: ${recorded})`);
      break;
    case 'not-reproduced':
      lines.push(`no longer reproduces: ${trace.claim.name} finds no ${trace.claim.judges.join(', ')} (recorded: ${recorded})`);
      break;
  }
  return lines.map(displayText);
}
