/**
 * The fault phase of a run as it actually happened: the concrete steps that changed something, each labelled
 * with the targeted step it came from. This is the "shrunk schedule" users read and replay.
 */
import { describeStep, type Step } from '../../system/kernel/steps.ts';
import type { ExecutedStep } from './run-state.ts';

export function faultPhaseSteps(executed: readonly ExecutedStep[]): Step[] {
  return executed.filter((e) => e.phase === 'faults').map((e) => e.step);
}

export function stepLabel(executed: ExecutedStep): string {
  return executed.intent ? `${describeStep(executed.step)} (${executed.intent.replace(/^\w+ /, '')})` : describeStep(executed.step);
}

/** "  3. crash b0 (the leader of p0)" lines for the fault steps that applied. */
export function storyLines(executed: readonly ExecutedStep[]): string[] {
  const lines: string[] = [];
  executed.forEach((e, index) => {
    if (e.phase === 'faults' && !e.noop) lines.push(`${String(index).padStart(3)}. ${stepLabel(e)}`);
  });
  return lines;
}
