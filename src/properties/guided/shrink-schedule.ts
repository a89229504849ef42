/**
 * A delta-debugging shrinker for schedules the guided search found (fast-check's shrinker applies only to values it
 * drew): delete chunks, halving the chunk size down to single steps, while the finding persists — deleting any step
 * leaves a valid schedule — then shorten each `run`/`tick`. Deterministic, and bounded by `attemptsMax` runs.
 */
import type { ScheduleStep } from '../schedule/targeted-step.ts';

const SHORTER_MS = [10, 100, 500, 1_000, 3_000];

export interface ShrinkResult {
  schedule: ScheduleStep[];
  /** Candidates that kept the finding (fast-check's `numShrinks`). */
  shrinks: number;
  attempts: number;
}

export function shrinkSchedule(start: readonly ScheduleStep[], keepsFinding: (schedule: ScheduleStep[]) => boolean, attemptsMax = 2_000): ShrinkResult {
  let current = [...start];
  let shrinks = 0;
  let attempts = 0;
  const tryCandidate = (candidate: ScheduleStep[]): boolean => {
    if (attempts >= attemptsMax) return false;
    attempts++;
    if (!keepsFinding(candidate)) return false;
    current = candidate;
    shrinks++;
    return true;
  };
  for (let chunk = Math.max(1, Math.floor(current.length / 2)); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    let progressed = true;
    while (progressed && attempts < attemptsMax) {
      progressed = false;
      for (let at = 0; at < current.length; ) {
        if (tryCandidate([...current.slice(0, at), ...current.slice(at + chunk)])) progressed = true;
        else at += chunk;
      }
    }
  }
  for (let i = 0; i < current.length; i++) {
    const step = current[i]!;
    if (step.type !== 'run' && step.type !== 'tick') continue;
    for (const ms of SHORTER_MS.filter((m) => m < step.ms)) {
      if (tryCandidate(current.map((s, j) => (j === i ? { ...step, ms } : s)))) break;
    }
  }
  return { schedule: current, shrinks, attempts };
}
