/**
 * A run's coverage, two ways that agree: `coverageRecorder` folds the live run step by step through the runner's
 * observer (what the guided search uses, cheap enough for every run), and `coverageOfRun` folds a run recorded with
 * snapshots (a counterexample's, a trace's) after the fact.
 */
import type { RunResult, StepObserver } from '../runner/run-schedule.ts';
import { readingOfSimulation, readingOfSnapshot } from './coverage-reading.ts';
import { createCoverageMemory, noteStep, situationsOf, type Situation } from './situations.ts';

export interface CoverageRecorder {
  observer: StepObserver;
  /** The situations the run reached so far, sorted. */
  situations(): Situation[];
}

export function coverageRecorder(): CoverageRecorder {
  const memory = createCoverageMemory();
  return {
    observer: (simulation, events) => noteStep(memory, events, readingOfSimulation(simulation)),
    situations: () => situationsOf(memory),
  };
}

/** The situations of a run recorded with snapshots (`recordSnapshots`); undefined for one recorded without. */
export function coverageOfRun(run: Pick<RunResult, 'snapshots' | 'events'>): Situation[] | undefined {
  if (!run.snapshots || !run.events) return undefined;
  const memory = createCoverageMemory();
  run.snapshots.forEach((snapshot, index) => noteStep(memory, run.events![index] ?? [], readingOfSnapshot(snapshot)));
  return situationsOf(memory);
}
