/**
 * The model checker's benchmark: distinct states per second on one core and bytes per visited state, on the
 * 3-broker configuration of issue 11 (C5: RF 3, minISR 2, acks=all, 2 sends, 1 crash), stopped at a state bound so
 * it takes seconds; and where the time of one successor goes (copy, step, fingerprint), measured on the states of a
 * small exhausted space. The search runs on one core: there is no figure "with all workers" yet.
 */
import { claimNamed } from '../properties/claims/catalogue.ts';
import { modelCheck } from '../mc/model-check.ts';
import { enabledSteps } from '../mc/actions.ts';
import { fingerprintOf } from '../mc/fingerprint.ts';
import { copyState, initialState, successor, type McState } from '../mc/mc-state.ts';
import { executeStep } from '../properties/runner/execute-step.ts';

export interface McBenchResult {
  statesMax: number;
  distinct: number;
  generated: number;
  depthReached: number;
  seconds: number;
  distinctPerSecond: number;
  bytesPerState: number;
  /** Microseconds per successor, by part. */
  copyUs: number;
  stepUs: number;
  fingerprintUs: number;
}

const MODEL = { sends: 2, polls: 0, faults: 1, drops: 0, timeMaxMs: 1_100 };

function sampleStates(count: number): McState[] {
  const claim = claimNamed('acks-all-durable')!;
  const states: McState[] = [initialState({ settings: claim.settings }).state];
  for (let i = 0; states.length < count && i < states.length; i++) {
    for (const step of enabledSteps(states[i]!, MODEL)) if (states.length < count) states.push(successor(states[i]!, step).state);
  }
  return states;
}

function profile(): Pick<McBenchResult, 'copyUs' | 'stepUs' | 'fingerprintUs'> {
  const states = sampleStates(400);
  let copyMs = 0;
  let stepMs = 0;
  let fingerprintMs = 0;
  let successors = 0;
  for (const state of states) {
    for (const step of enabledSteps(state, MODEL)) {
      const t0 = performance.now();
      const copy = copyState(state);
      const t1 = performance.now();
      executeStep(copy.run, step, 'faults');
      const t2 = performance.now();
      fingerprintOf(copy);
      const t3 = performance.now();
      copyMs += t1 - t0;
      stepMs += t2 - t1;
      fingerprintMs += t3 - t2;
      successors++;
    }
  }
  const us = (ms: number) => Math.round((ms * 1_000) / Math.max(1, successors));
  return { copyUs: us(copyMs), stepUs: us(stepMs), fingerprintUs: us(fingerprintMs) };
}

export function runMcBench(statesMax = 20_000): McBenchResult {
  const claim = claimNamed('acks-all-durable')!;
  const startMs = performance.now();
  const result = modelCheck({ claim, model: MODEL, search: { depthMax: 60, statesMax } });
  const seconds = (performance.now() - startMs) / 1_000;
  const s = result.search;
  return { statesMax, distinct: s.distinct, generated: s.generated, depthReached: s.depthReached, seconds, distinctPerSecond: Math.round(s.distinct / seconds), bytesPerState: Math.round(s.bytesPerState * 10) / 10, ...profile() };
}

export function formatMcBenchMarkdown(r: McBenchResult): string {
  return [
    '## Model checker (kcheck mc)',
    '',
    `C5 (3 brokers, RF 3, minISR 2, acks=all), 2 sends, 1 crash, virtual time ≤ ${MODEL.timeMaxMs} ms, stopped at ${r.statesMax} distinct states (depth ${r.depthReached}, ${r.generated} generated).`,
    '',
    '| figure | measured | target (issue 11) |',
    '| --- | --- | --- |',
    `| distinct states/s, one core | ${r.distinctPerSecond} | ≥ 100,000 |`,
    '| distinct states/s, all workers | not measured: the search runs on one core | |',
    `| bytes per visited state | ${r.bytesPerState} | ≤ 16 |`,
    `| per successor: copy / step (with invariants) / fingerprint | ${r.copyUs} / ${r.stepUs} / ${r.fingerprintUs} µs | ~10 µs in all |`,
    '',
  ].join('\n');
}
