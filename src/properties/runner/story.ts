/**
 * The fault phase of a run as it actually happened: the concrete steps that changed something, each labelled
 * with the targeted step it came from. This is the "shrunk schedule" users read and replay. A label is kept
 * raw where it is data (a trace's `label`) and shown through `displayStepLabel`: values escaped, long ones elided.
 */
import { describeStep, type Step } from '../../system/kernel/steps.ts';
import { displayText, displayValue } from '../../text/display-text.ts';
import type { ExecutedStep } from './run-state.ts';
import type { FiredFault } from './triggers.ts';

/** Characters of a key or value a step's label shows at most; a longer one is elided with its length. */
const LABEL_VALUE_CHARS_MAX = 64;

export function faultPhaseSteps(executed: readonly ExecutedStep[]): Step[] {
  return executed.filter((e) => e.phase === 'faults').map((e) => e.step);
}

export function stepLabel(executed: ExecutedStep): string {
  return executed.intent ? `${describeStep(executed.step)} (${executed.intent.replace(/^\w+ /, '')})` : describeStep(executed.step);
}

/** The step as a display shows it: `producer0 send "\x1b]0;…"`. */
export function showStep(step: Step): string {
  return describeStep(step, (text) => displayValue(text, LABEL_VALUE_CHARS_MAX));
}

/** A label (`stepLabel`'s, or one a trace file recorded) as a display shows it: the step through `showStep`, and
 * what the label adds to it (the targeted step it came from) escaped. */
export function displayStepLabel(step: Step, label: string): string {
  const said = describeStep(step);
  return label.startsWith(said) ? `${showStep(step)}${displayText(label.slice(said.length))}` : displayText(label);
}

/** "       ↳ at 1234 ms: crash b0 (the leader of p0), right after …": the faults a step's triggers applied. */
export function firedLines(fired: readonly FiredFault[] | undefined): string[] {
  return (fired ?? []).map((f) => `       ↳ at ${f.atMs} ms: ${displayText(f.label)}`);
}

/** "  3. crash b0 (the leader of p0)" lines for the fault steps that applied, ready to print. */
export function storyLines(executed: readonly ExecutedStep[]): string[] {
  const lines: string[] = [];
  executed.forEach((e, index) => {
    if (e.phase === 'faults' && !e.noop) lines.push(`${String(index).padStart(3)}. ${displayStepLabel(e.step, stepLabel(e))}`, ...firedLines(e.fired));
  });
  return lines;
}
